/**
 * comlink transfer handler for AbortSignal. A signal cannot be cloned, so the sender keeps it and
 * hands the receiver one end of a MessageChannel; when the signal aborts, one message flips the
 * receiver's `RemoteAbortSignal.aborted`. The engine only reads `aborted` (CancelSignal), and
 * listeners registered with `addEventListener('abort', …)` are called too.
 */
import { transferHandlers, type TransferHandler } from 'comlink';

interface WireSignal {
  aborted: boolean;
  port: MessagePort;
}

type AbortListener = () => void;

/** The worker-side stand-in for an AbortSignal. */
export class RemoteAbortSignal {
  #aborted = false;
  #listeners = new Set<AbortListener>();
  onabort: AbortListener | null = null;

  get aborted(): boolean {
    return this.#aborted;
  }

  addEventListener(type: 'abort', fn: AbortListener): void {
    if (type === 'abort') this.#listeners.add(fn);
  }

  removeEventListener(type: 'abort', fn: AbortListener): void {
    if (type === 'abort') this.#listeners.delete(fn);
  }

  /** Called when the sender's signal aborts. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.onabort?.();
    for (const fn of this.#listeners) fn();
    this.#listeners.clear();
  }
}

export const abortSignalHandler: TransferHandler<AbortSignal, WireSignal> = {
  canHandle: (value): value is AbortSignal =>
    typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
  serialize(signal) {
    const { port1, port2 } = new MessageChannel();
    if (!signal.aborted) {
      signal.addEventListener(
        'abort',
        () => {
          port1.postMessage('abort');
          port1.close();
        },
        { once: true }
      );
    } else {
      port1.close();
    }
    return [{ aborted: signal.aborted, port: port2 }, [port2]];
  },
  deserialize(wire) {
    const remote = new RemoteAbortSignal();
    if (wire.aborted) {
      remote.abort();
      wire.port.close();
    } else {
      wire.port.onmessage = () => {
        remote.abort();
        wire.port.close();
      };
    }
    // Typed as AbortSignal for the API signature; the engine reads only `aborted`.
    return remote as unknown as AbortSignal;
  }
};

/** Registers the AbortSignal handler (idempotent). */
export function installAbortHandler(): void {
  transferHandlers.set('abort-signal', abortSignalHandler as TransferHandler<unknown, unknown>);
}
