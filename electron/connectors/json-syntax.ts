/**
 * Where a JSON text goes wrong. V8's JSON.parse messages carry a position only for some errors
 * ("Unexpected token '}', … is not valid JSON" has none), so on the error path this small scanner
 * finds the first offending character. Returns the text length when the text ends too early.
 */
export function findJsonErrorOffset(text: string): number {
  let index = 0;
  const length = text.length;
  const skipSpace = () => {
    while (index < length && (text[index] === ' ' || text[index] === '\n' || text[index] === '\r' || text[index] === '\t')) index++;
  };
  class Stop extends Error {}
  const fail = (): never => {
    throw new Stop();
  };
  const expectChar = (char: string) => {
    if (text[index] !== char) fail();
    index++;
  };
  const literal = (word: string) => {
    for (const char of word) expectChar(char);
  };
  const string = () => {
    expectChar('"');
    while (index < length) {
      const char = text.charCodeAt(index);
      if (char === 0x22) {
        index++;
        return;
      }
      if (char < 0x20) fail();
      if (char === 0x5c) {
        index++;
        const escape = text[index];
        if (escape === 'u') {
          index++;
          for (let digit = 0; digit < 4; digit++) {
            if (!/[0-9a-fA-F]/.test(text[index] ?? '')) fail();
            index++;
          }
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail();
      }
      index++;
    }
    fail();
  };
  const number = () => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = index;
    if (!match.exec(text)) fail();
    index = match.lastIndex;
  };
  const value = (): void => {
    skipSpace();
    const char = text[index];
    if (char === '{') {
      index++;
      skipSpace();
      if (text[index] === '}') {
        index++;
        return;
      }
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expectChar(':');
        value();
        skipSpace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expectChar('}');
        return;
      }
    }
    if (char === '[') {
      index++;
      skipSpace();
      if (text[index] === ']') {
        index++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expectChar(']');
        return;
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  try {
    value();
    skipSpace();
    return index < length ? index : -1;
  } catch (error) {
    if (error instanceof Stop) return Math.min(index, length);
    throw error;
  }
}
