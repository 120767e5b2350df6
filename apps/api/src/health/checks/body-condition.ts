import { CHECK_KIND_LIMITS, meetsJsonCondition, parseJsonCondition } from '../../domain.js';
import type { Judgement } from './check-request.js';

/** The start of an answer's body, as much as a condition may read. */
export interface BodyStart {
  text: string;
  /** True when the body went on past what was read. */
  truncated: boolean;
}

/** Reads at most `maxBytes` of a body, then stops reading (the rest is never downloaded). */
export async function readBodyStart(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  maxBytes: number = CHECK_KIND_LIMITS.bodyReadMaxBytes,
): Promise<BodyStart> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size > maxBytes) {
      truncated = true;
      body.destroy();
      break;
    }
  }
  return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), truncated };
}

export interface BodyConditions {
  keyword: { text: string; absent: boolean } | null;
  jsonCondition: string | null;
}

const quote = (value: unknown) => (value === undefined ? 'missing' : JSON.stringify(value));
const shown = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/**
 * Whether a body meets its conditions. A condition that fails is critical, as in Gatus: the
 * endpoint answered, but not with what a healthy service says. Null when every condition holds.
 */
export function judgeBody(body: BodyStart, conditions: BodyConditions): Judgement | null {
  const failed = (message: string): Judgement => ({ status: 'critical', error_kind: 'body_condition', error_message: message });
  const within = body.truncated ? ` (in the first ${CHECK_KIND_LIMITS.bodyReadMaxBytes / 1024} KiB read)` : '';
  if (conditions.keyword) {
    const found = body.text.includes(conditions.keyword.text);
    if (conditions.keyword.absent && found) {
      return failed(`body contains "${shown(conditions.keyword.text)}", which must not appear`);
    }
    if (!conditions.keyword.absent && !found) return failed(`body does not contain "${shown(conditions.keyword.text)}"${within}`);
  }
  if (conditions.jsonCondition) {
    const parsed = parseJsonCondition(conditions.jsonCondition);
    // Refused when saved; a condition stored before a stricter rule is still named, never run.
    if (!parsed.ok) return failed(`body_json_condition ${parsed.problem}`);
    let document: unknown;
    try {
      document = JSON.parse(body.text);
    } catch {
      const why = body.truncated ? `longer than ${CHECK_KIND_LIMITS.bodyReadMaxBytes / 1024} KiB` : 'not JSON';
      return failed(`body is ${why}, so ${parsed.value.source} cannot be judged`);
    }
    const result = meetsJsonCondition(document, parsed.value);
    if (!result.met) {
      const at = parsed.value.source.split(/\s*(==|!=|<=|>=|<|>)/)[0];
      return failed(
        result.found
          ? `${parsed.value.source} is false: ${at} is ${quote(result.actual)}`
          : `${parsed.value.source} is false: ${at} is missing from the body`,
      );
    }
  }
  return null;
}
