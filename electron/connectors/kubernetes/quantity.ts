/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource):
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= <binarySI> (Ki Mi Gi Ti Pi Ei) | <decimalSI> (n u m "" k M G T P E) | <decimalExponent> (e<n> / E<n>)
 * "100m" CPU is 0.1 core, "128Mi" is 134217728 bytes, "1e9" and "1G" are 10^9, "16318480Ki" is a node's memory.
 */

const suffixFactors: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const quantityPattern = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** The quantity in base units (cores, bytes, count) as a float; null when it is not a quantity. */
export function parseQuantity(text: string): number | null {
  const match = quantityPattern.exec(text.trim());
  if (!match) return null;
  const [, number, exponent, suffix] = match;
  const value = Number(number);
  if (exponent) return value * 10 ** Number(exponent.slice(1));
  return value * suffixFactors[suffix ?? '']!;
}

/**
 * Kubernetes rounds quantities up to the unit asked for (MilliValue, Value). Float arithmetic
 * makes 0.1 * 1000 = 100.00000000000001; anything within 1e-6 of a whole number is that number.
 */
function roundUp(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) < 1e-6 ? nearest : Math.ceil(value);
}

/** CPU in millicores: "100m" -> 100, "2" -> 2000, "0.5" -> 500, "1e-3" -> 1. */
export function parseCpuMillis(text: string): number | null {
  const value = parseQuantity(text);
  return value === null ? null : roundUp(value * 1000);
}

/** Memory (or any count) in whole units: "128Mi" -> 134217728, "500M" -> 500000000, "1e9" -> 1000000000. */
export function parseQuantityValue(text: string): number | null {
  const value = parseQuantity(text);
  return value === null ? null : roundUp(value);
}
