/** One vendor error: the HTTP status and the message the vendor writes. */
export interface HttpVendorError {
  status: number;
  message: string;
}

export type ErrorTable = Record<string, HttpVendorError>;
