import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Job } from '../api/types';

const POLL_MS = 700;
export const finished = (job: Job | undefined) => job !== undefined && ['succeeded', 'failed', 'cancelled'].includes(job.state);

/** Follows a background job until it ends; a failed poll is reported, and polling goes on. */
export function useJob(id: number | undefined, initial?: Job): { job: Job | undefined; error: unknown } {
  const [job, setJob] = useState<Job | undefined>(initial);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (id === undefined) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const { job: next } = await api.get<{ job: Job }>(`/api/v1/jobs/${id}`, undefined, controller.signal);
        if (stopped) return;
        setJob(next);
        setError(undefined);
        if (finished(next)) return;
      } catch (failure) {
        if (stopped) return;
        setError(failure);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  return { job, error };
}
