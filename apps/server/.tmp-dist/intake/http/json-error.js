/** JSON.parse with the place of the first syntax error (line and column), for 400 answers. */
export function parseJson(text, lineOffset = 0) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (err) {
        const position = locateSyntaxError(text);
        const { line, column } = lineColumn(text, position);
        const detail = err.message.replace(/, "[\s\S]*" is not valid JSON$/, '');
        return { ok: false, error: { position, line: line + lineOffset, column, message: detail } };
    }
}
function lineColumn(text, position) {
    let line = 1;
    let lastBreak = -1;
    for (let i = 0; i < position && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lastBreak = i;
        }
    }
    return { line, column: position - lastBreak };
}
/**
 * Walks the JSON grammar and returns the offset of the first character that cannot belong to a
 * valid document (the text's length for a premature end). Only called after JSON.parse failed.
 */
export function locateSyntaxError(text) {
    let i = 0;
    const n = text.length;
    const ws = () => {
        while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
            i++;
    };
    const fail = () => {
        throw i;
    };
    const literal = (word) => {
        for (const ch of word) {
            if (text[i] !== ch)
                fail();
            i++;
        }
    };
    const string = () => {
        if (text[i] !== '"')
            fail();
        i++;
        for (;;) {
            if (i >= n)
                fail();
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                i++;
                return;
            }
            if (c < 0x20)
                fail();
            if (c === 0x5c) {
                i++;
                const e = text[i];
                if (e === 'u') {
                    for (let k = 1; k <= 4; k++) {
                        if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
                            i += k;
                            fail();
                        }
                    }
                    i += 5;
                }
                else if (e !== undefined && '"\\/bfnrt'.includes(e))
                    i++;
                else
                    fail();
            }
            else
                i++;
        }
    };
    const digits = () => {
        if (!/[0-9]/.test(text[i] ?? ''))
            fail();
        while (/[0-9]/.test(text[i] ?? ''))
            i++;
    };
    const number = () => {
        if (text[i] === '-')
            i++;
        if (text[i] === '0')
            i++;
        else
            digits();
        if (text[i] === '.') {
            i++;
            digits();
        }
        if (text[i] === 'e' || text[i] === 'E') {
            i++;
            if (text[i] === '+' || text[i] === '-')
                i++;
            digits();
        }
    };
    const value = (depth) => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            ws();
            if (text[i] === '}')
                return void i++;
            for (;;) {
                ws();
                string();
                ws();
                if (text[i] !== ':')
                    fail();
                i++;
                value(depth + 1);
                ws();
                if (text[i] === ',')
                    i++;
                else if (text[i] === '}')
                    return void i++;
                else
                    fail();
            }
        }
        if (c === '[') {
            i++;
            ws();
            if (text[i] === ']')
                return void i++;
            for (;;) {
                value(depth + 1);
                ws();
                if (text[i] === ',')
                    i++;
                else if (text[i] === ']')
                    return void i++;
                else
                    fail();
            }
        }
        if (c === '"')
            return string();
        if (c === 't')
            return literal('true');
        if (c === 'f')
            return literal('false');
        if (c === 'n')
            return literal('null');
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9'))
            return number();
        fail();
    };
    try {
        value(0);
        ws();
        if (i < n)
            fail();
        // The grammar accepted it (JSON.parse failed for another reason, e.g. nesting depth).
        return 0;
    }
    catch (pos) {
        if (typeof pos !== 'number')
            return 0;
        return Math.min(pos, n);
    }
}
//# sourceMappingURL=json-error.js.map