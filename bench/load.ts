import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One measured run: a warm-up whose numbers are thrown away, then the timed run. */
export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  const options = {
    url: target.url,
    method: target.method ?? 'GET',
    body: target.body,
    headers: { 'content-type': 'application/json', ...target.headers },
    connections: settings.connections,
    timeout: 10,
  };
  if (settings.warmupSeconds > 0) await autocannon({ ...options, duration: settings.warmupSeconds });
  const result = await autocannon({ ...options, duration: settings.durationSeconds });
  return {
    rps: result.requests.total / settings.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
