import { connect } from 'node:net';
import { describeCheckError } from './check-errors.js';
import { CheckCancelled, describeTarget, slowOr, type CheckContext, type CheckOutcome, type TcpCheckRequest } from './check-request.js';
import { attempt } from './socket-attempt.js';

/** A TCP connect: healthy when it is accepted in time, a warning when slow, critical when refused, unresolved or timed out. */
export async function tcpCheck(request: TcpCheckRequest, context: CheckContext, checked_at: string): Promise<CheckOutcome> {
  const url = describeTarget(request);
  try {
    const { socket, ms } = await attempt(
      () => connect({ host: request.host, port: request.port }),
      'connect',
      request.timeoutMs,
      context.shutdown,
    );
    socket.destroy();
    const judged = slowOr({ status: 'healthy', error_kind: null, error_message: null }, 'connected', ms, request.slowMs);
    return { ...judged, status_code: null, response_time_ms: ms, url, checked_at };
  } catch (error) {
    if (error instanceof CheckCancelled || context.shutdown.aborted) throw new CheckCancelled();
    return {
      status: 'critical',
      status_code: null,
      response_time_ms: null,
      ...describeCheckError(error, request.timeoutMs, url),
      url,
      checked_at,
    };
  }
}
