// One admission review from raw body bytes to HTTP status and JSON: parse, check the wire format, decide,
// wrap. The HTTP server and the readiness self-test both go through this same function.
import { describeError } from '../../src/errors.js';
import { InvalidReviewError, parseAdmissionReview, reviewResponse, type AdmissionRequest } from './admission.js';
import { decide, type Decision, type DecisionSettings } from './decide.js';
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

export function handleReviewBody(body: Buffer | string, settings: DecisionSettings, lookup: SnapshotLookup, cache?: SnapshotCache): HandledReview {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    return rejected(`malformed JSON: ${describeError(error)}`);
  }
  let request: AdmissionRequest;
  try {
    request = parseAdmissionReview(parsed);
  } catch (error) {
    if (error instanceof InvalidReviewError) return rejected(error.message);
    throw error;
  }
  const decision = decide(request, settings, lookup, cache);
  return { status: 200, body: JSON.stringify(reviewResponse(decision.response)), request, decision };
}

function rejected(message: string): HandledReview {
  return { status: 400, body: JSON.stringify({ error: message }), error: message };
}
