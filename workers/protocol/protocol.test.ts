// Guards the comlink transfer handlers: typed errors keep name, code, messages, hint and details
// (and lose the stack) across a MessageChannel; unknown errors arrive as INTERNAL; an AbortSignal
// reaches the other side as an object whose `aborted` flips.
import { afterEach, describe, expect, it } from 'vitest';
import { expose, transferHandlers, wrap, type Remote } from 'comlink';
import { AppError, CancelledError, InvalidTargetError } from '../engine/errors';
import type { CancelSignal } from '../engine/progress';
import { installTransferHandlers } from './index';

interface Api {
  failTyped(): Promise<void>;
  failCancelled(): Promise<void>;
  failUnknown(): Promise<void>;
  failString(): Promise<void>;
  waitForAbort(signal: AbortSignal): Promise<string>;
  seenAborted(signal: AbortSignal): boolean;
}

const ports: MessagePort[] = [];

function connect(): Remote<Api> {
  installTransferHandlers();
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const api: Api = {
    async failTyped() {
      throw new InvalidTargetError({
        code: 'TARGET_SINGLE_CLASS',
        message: { pl: 'Jedna klasa.', en: 'One class.' },
        hint: { pl: 'Wybierz inną kolumnę.', en: 'Pick another column.' },
        details: { column: 'y', classes: 1 }
      });
    },
    async failCancelled() {
      throw new CancelledError('parse');
    },
    async failUnknown() {
      throw new TypeError('secret /home/user/path at foo.js:1:2');
    },
    async failString() {
      throw 'plain string';
    },
    async waitForAbort(signal) {
      const s = signal as unknown as CancelSignal;
      for (let i = 0; i < 200; i++) {
        if (s.aborted) return 'aborted';
        await new Promise((r) => setTimeout(r, 5));
      }
      return 'timeout';
    },
    seenAborted(signal) {
      return signal.aborted;
    }
  };
  expose(api, port2);
  return wrap<Api>(port1);
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('error transfer handler', () => {
  it('rethrows a typed AppError subclass with code, messages, hint and details, without the stack', async () => {
    const err = await connect()
      .failTyped()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTargetError);
    const e = err as InvalidTargetError;
    expect(e.name).toBe('InvalidTargetError');
    expect(e.code).toBe('TARGET_SINGLE_CLASS');
    expect(e.messages).toEqual({ pl: 'Jedna klasa.', en: 'One class.' });
    expect(e.hint).toEqual({ pl: 'Wybierz inną kolumnę.', en: 'Pick another column.' });
    expect(e.details).toEqual({ column: 'y', classes: 1 });
  });

  it('serialize() sends only the public form: no stack, no cause', () => {
    installTransferHandlers();
    const handler = transferHandlers.get('throw')!;
    const cause = new Error('inner');
    const [wire] = handler.serialize({
      value: new AppError({ code: 'X', message: { pl: 'a', en: 'b' }, cause })
    });
    expect(wire).toEqual({ error: { name: 'AppError', code: 'X', message: { pl: 'a', en: 'b' } } });
    expect(JSON.stringify(wire)).not.toMatch(/stack|inner/);
  });

  it('keeps CancelledError as CancelledError with code CANCELLED', async () => {
    const err = await connect()
      .failCancelled()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as AppError).code).toBe('CANCELLED');
  });

  it('turns unknown errors and thrown strings into INTERNAL with a generic message', async () => {
    const api = connect();
    for (const call of [() => api.failUnknown(), () => api.failString()]) {
      const err = (await call().catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('INTERNAL');
      expect(err.messages.en).not.toMatch(/secret|plain string/);
    }
  });
});

describe('AbortSignal transfer handler', () => {
  it('flips `aborted` on the other side when the sender aborts', async () => {
    const api = connect();
    const ctrl = new AbortController();
    const pending = api.waitForAbort(ctrl.signal);
    setTimeout(() => ctrl.abort(), 20);
    expect(await pending).toBe('aborted');
  });

  it('an already aborted signal arrives aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    expect(await connect().seenAborted(ctrl.signal)).toBe(true);
  });

  it('a signal that never aborts stays false', async () => {
    expect(await connect().seenAborted(new AbortController().signal)).toBe(false);
  });
});
