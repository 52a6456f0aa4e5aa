// The AdmissionReview admission.k8s.io/v1 wire format: parsing a request the way the apiserver sends it, and
// wrapping a response. Anything that is not a well-formed v1 review is rejected here, before any decision.

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo?: { username?: string; uid?: string; groups?: string[] };
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
  options?: unknown;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string; reason?: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** A review the webhook cannot answer; the server maps it to HTTP 400 so the apiserver applies failurePolicy. */
export class InvalidReviewError extends Error {
  override name = 'InvalidReviewError';
}

const OPERATIONS = new Set<string>(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGroupVersion(value: unknown, last: 'kind' | 'resource'): boolean {
  return isObject(value) && typeof value.group === 'string' && typeof value.version === 'string' && typeof value[last] === 'string';
}

/** Checks a parsed JSON body is an admission.k8s.io/v1 AdmissionReview request and returns its request. */
export function parseAdmissionReview(body: unknown): AdmissionRequest {
  if (!isObject(body)) throw new InvalidReviewError('the body is not a JSON object');
  if (body.kind !== 'AdmissionReview') throw new InvalidReviewError(`expected kind AdmissionReview, got ${JSON.stringify(body.kind)}`);
  if (body.apiVersion !== ADMISSION_API_VERSION) {
    throw new InvalidReviewError(`only ${ADMISSION_API_VERSION} is supported, got ${JSON.stringify(body.apiVersion)}`);
  }
  const request = body.request;
  if (!isObject(request)) throw new InvalidReviewError('the AdmissionReview has no request');
  if (typeof request.uid !== 'string' || request.uid === '') throw new InvalidReviewError('request.uid is missing');
  if (!isGroupVersion(request.kind, 'kind')) throw new InvalidReviewError('request.kind is not a group/version/kind');
  if (!isGroupVersion(request.resource, 'resource')) throw new InvalidReviewError('request.resource is not a group/version/resource');
  if (typeof request.operation !== 'string' || !OPERATIONS.has(request.operation)) {
    throw new InvalidReviewError(`request.operation ${JSON.stringify(request.operation)} is not one of CREATE, UPDATE, DELETE, CONNECT`);
  }
  return request as unknown as AdmissionRequest;
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** The response for an effective verdict; `uid` is the request's, whatever the verdict. */
export function toAdmissionResponse(uid: string, effective: { denial?: string; warnings: string[]; audit?: Record<string, string> }): AdmissionResponse {
  return {
    uid,
    allowed: effective.denial === undefined,
    ...(effective.denial !== undefined ? { status: { code: 403, reason: 'Forbidden', message: effective.denial } } : {}),
    ...(effective.warnings.length > 0 ? { warnings: effective.warnings } : {}),
    ...(effective.audit ? { auditAnnotations: effective.audit } : {}),
  };
}
