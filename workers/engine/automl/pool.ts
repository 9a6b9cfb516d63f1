/** A tiny async limiter: at most `slots` jobs in flight, FIFO. */
export function createLimiter(slots: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= slots) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await job();
    } finally {
      release();
    }
  };
}
