// Certificate verification results Node reports as `err.code` (OpenSSL X509_V_ERR_* names).
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Tells whether an error code comes from certificate verification. */
export function isCertificateErrorCode(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/** Tells whether an error code comes from TLS: certificate checks or the handshake itself. */
export function isTlsErrorCode(code: string | undefined): boolean {
  if (code === undefined) {
    return false;
  }
  return isCertificateErrorCode(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}
