import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** A request handed to the server, waiting for its answer. */
interface Pending<Context> {
  /** The id the client gave it; the server saw a number of ours instead. */
  id: RequestId;
  context: Context;
  reply: (message: JSONRPCMessage) => Promise<void>;
}

const noop = () => undefined;

/**
 * Lets one MCP server answer every stateless HTTP request of the process. The SDK's server speaks to
 * one transport and keys its work by JSON-RPC id, which every client numbers from 1; so each request is
 * given an id of our own on the way in and its own back on the way out, and carries its caller
 * (`context`) for the handlers to read by that id. Built once, it spares each request building a
 * server, its handlers and its prompt schemas.
 */
export class McpRequestRouter<Context> implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private next = 0;
  private readonly pending = new Map<number, Pending<Context>>();

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.pending.clear();
    this.onclose?.();
  }

  /** From the server: an answer goes back to its request under the client's id; anything else has no session to go to. */
  async send(message: JSONRPCMessage): Promise<void> {
    if ('method' in message || !('id' in message) || typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    await pending.reply({ ...message, id: pending.id });
  }

  /**
   * One message of an HTTP request, to the server. Returns what forgets the request if its
   * connection goes before the answer does.
   */
  deliver(
    message: JSONRPCMessage,
    extra: MessageExtraInfo | undefined,
    context: Context,
    reply: (message: JSONRPCMessage) => Promise<void>,
  ): () => void {
    if ('method' in message && 'id' in message) {
      const key = ++this.next;
      this.pending.set(key, { id: message.id, context, reply });
      this.onmessage?.({ ...message, id: key }, extra);
      return () => this.pending.delete(key);
    }
    // A cancellation names the client's own id, which may be another client's request here; stateless requests are not cancelled.
    if ('method' in message && message.method !== 'notifications/cancelled') this.onmessage?.(message, extra);
    return noop;
  }

  /** The caller of a request the server is handling (its `extra.requestId`). */
  contextOf(requestId: RequestId): Context | undefined {
    return typeof requestId === 'number' ? this.pending.get(requestId)?.context : undefined;
  }
}
