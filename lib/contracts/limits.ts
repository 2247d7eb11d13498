/**
 * Shape limits of an uploaded CSV, checked before any heavy work: by the browser before upload, by
 * ValidateBatch when it reads each file's header, and by job 1's reader (a longer line is a rejected
 * row). A real shop export has tens of columns; 100,000 columns once cost job 1 six GB of memory.
 */
export const CSV_LIMITS = {
  /** Columns in the header. */
  maxColumns: 512,
  /** Bytes of the header line (names of every column). */
  maxHeaderBytes: 64 * 1024,
  /** Bytes of one record (a field is at most one record long). */
  maxLineBytes: 1024 * 1024,
  /** Characters of one header name. */
  maxHeaderNameChars: 200,
} as const;
