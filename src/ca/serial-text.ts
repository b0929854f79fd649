/** A serial as `openssl x509 -serial` prints it: upper-case hex, whole bytes (a leading 0 kept). */
export const opensslSerial = (serial: string): string => {
  const hex = serial.toUpperCase().replace(/^0+(?=.)/, '');
  return hex.length % 2 ? `0${hex}` : hex;
};

/** The stored form of a serial a client sends (lower case, no leading zeros). */
export const storedSerial = (serial: string): string => serial.toLowerCase().replace(/^0+(?=.)/, '');
