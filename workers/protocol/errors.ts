/**
 * comlink transfer handler for thrown values. comlink's own 'throw' handler sends only
 * `{message, name, stack}`, which drops `code`, the bilingual messages, the hint and `details`
 * and leaks the stack. This one sends the PublicError form of every thrown value (unknown values
 * go through `toAppError`, so their text never reaches a user) and rebuilds a typed AppError
 * subclass on the receiving side.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { fromPublic, toAppError, type PublicError } from '../engine/errors';

interface Thrown {
  value: unknown;
}

/** What travels: always a PublicError, never a stack or a cause. */
interface WireThrown {
  error: PublicError;
}

/** The same object on both sides of a worker boundary; `canHandle` is comlink's own. */
export function errorTransferHandler(
  base: TransferHandler<unknown, unknown>
): TransferHandler<Thrown, WireThrown> {
  return {
    canHandle: (value): value is Thrown => base.canHandle(value),
    serialize(thrown) {
      return [{ error: toAppError(thrown.value).toPublic() }, []];
    },
    deserialize(wire) {
      throw fromPublic(wire.error);
    }
  };
}

/** Replaces comlink's 'throw' handler (idempotent). */
export function installErrorHandler(): void {
  const base = transferHandlers.get('throw');
  if (!base || (base as { __typed?: boolean }).__typed) return;
  const handler = Object.assign(errorTransferHandler(base), { __typed: true });
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}
