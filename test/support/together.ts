import { connect, type Socket } from 'node:net';

export interface SentTogether {
  method: string;
  path: string;
  body?: unknown;
}

/** The service's HTTP server, when it runs in this process: how many connections it has taken. */
interface Accepting {
  getConnections(callback: (error: Error | null, count: number) => void): unknown;
}

/**
 * Sends requests on connections of their own, all opened and taken by the server first, then
 * written in one go, so that the service reads them in the same turn of its event loop (as it does
 * under load, on connections kept open); `fetch` lets them trickle in, and the server takes one new
 * connection a turn. Each answer is read to the end (`Connection: close`).
 */
export async function sendTogether(
  baseUrl: string,
  server: Accepting,
  requests: SentTogether[],
): Promise<Array<{ status: number; body: any }>> {
  const { hostname, port } = new URL(baseUrl);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const taken = () =>
    new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  while ((await taken()) < requests.length) await new Promise((next) => setImmediate(next));
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve, reject) => {
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.once('end', () => resolve(text));
        socket.once('error', reject);
      }),
  );
  requests.forEach(({ method, path, body }, i) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    sockets[i]!.write(
      `${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n` +
        (body === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n`) +
        `\r\n${payload}`,
    );
  });
  return (await Promise.all(answers)).map((text) => {
    const [head = '', ...rest] = text.split('\r\n\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    if (/transfer-encoding: chunked/i.test(head)) throw new Error('a chunked answer: read it with fetch instead');
    const body = rest.join('\r\n\r\n');
    return { status, body: body ? (JSON.parse(body) as unknown) : null };
  });
}
