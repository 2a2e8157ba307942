import fs from 'node:fs';

/** CPU milliseconds a process has used, from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, at Linux's 100 ticks a second
  } catch {
    return null;
  }
}

/** The machine's CPU time so far, in ms summed over its cores: busy (every kind of work) and waiting for the disk. */
export function machineCpuMs(): { busy: number; iowait: number } | null {
  try {
    const [user, nice, system, , iowait, irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq + steal) * 10, iowait: iowait * 10 };
  } catch {
    return null;
  }
}
