// One admission review from raw body bytes to HTTP status and JSON: parse, check the wire format, decide,
// wrap. The HTTP server (comparisons in review workers) and the readiness self-test (inline) share all of it
// but the comparison. Only a body that is not an AdmissionReview gets a 400; every review gets a 200 with its uid.
import { describeError } from '../../src/errors.js';
import { InvalidReviewError, parseAdmissionReview, reviewResponse, type AdmissionRequest } from './admission.js';
import { decide, decideWith, type Compare, type Decision, type DecisionSettings } from './decide.js';
import type { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotLookup } from './snapshot-source.js';

export interface HandledReview {
  status: number;
  body: string;
  request?: AdmissionRequest;
  decision?: Decision;
  /** Why the review was rejected before a decision (400 answers). */
  error?: string;
}

/** The review's request, or the 400 answer for a body that is not an admission.k8s.io/v1 AdmissionReview. */
function readReview(body: Buffer | string): { request: AdmissionRequest } | { rejected: HandledReview } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    return { rejected: rejected(`malformed JSON: ${describeError(error)}`) };
  }
  try {
    return { request: parseAdmissionReview(parsed) };
  } catch (error) {
    if (error instanceof InvalidReviewError) return { rejected: rejected(error.message) };
    throw error;
  }
}

const answered = (request: AdmissionRequest, decision: Decision): HandledReview => ({
  status: 200,
  body: JSON.stringify(reviewResponse(decision.response)),
  request,
  decision,
});

/** The whole review on the calling thread: for the self-test and tests. */
export function handleReviewBody(body: Buffer | string, settings: DecisionSettings, lookup: SnapshotLookup, cache?: SnapshotCache): HandledReview {
  const read = readReview(body);
  return 'rejected' in read ? read.rejected : answered(read.request, decide(read.request, settings, lookup, cache));
}

/** The review with its comparison done by `compare` (the server's review workers). */
export async function handleReviewBodyWith(body: Buffer, settings: DecisionSettings, lookup: SnapshotLookup, compare: Compare): Promise<HandledReview> {
  const read = readReview(body);
  return 'rejected' in read ? read.rejected : answered(read.request, await decideWith(read.request, settings, lookup, compare));
}

function rejected(message: string): HandledReview {
  return { status: 400, body: JSON.stringify({ error: message }), error: message };
}
