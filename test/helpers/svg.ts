/**
 * A small strict XML parser for SVG test output: elements, attributes, text, comments and the XML
 * declaration; throws on a mismatched or unclosed tag or a malformed attribute, so "parses" means
 * well-formed. Enough to count and measure the marks Vega draws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;

export function parseXml(source: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  while (i < source.length) {
    if (source.startsWith('<?', i) || source.startsWith('<!--', i)) {
      const close = source.startsWith('<?', i) ? '?>' : '-->';
      const end = source.indexOf(close, i);
      if (end < 0) throw new Error(`unclosed ${close === '?>' ? 'declaration' : 'comment'} at ${i}`);
      i = end + close.length;
    } else if (source.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(source);
      if (!m) throw new Error(`bad closing tag at ${i}`);
      const top = stack.pop();
      if (!top || top.name !== m[0]) throw new Error(`</${m[0]}> at ${i} closes <${top?.name}>`);
      i = NAME.lastIndex;
      while (/\s/.test(source[i])) i++;
      if (source[i] !== '>') throw new Error(`bad closing tag at ${i}`);
      i++;
    } else if (source[i] === '<') {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(source);
      if (!m) throw new Error(`bad tag at ${i}`);
      const el: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
      i = NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = i;
        const a = ATTRIBUTE.exec(source);
        if (!a) break;
        if (a[1] in el.attributes) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        el.attributes[a[1]] = a[3] ?? a[4];
        i = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(source[i])) i++;
      stack[stack.length - 1].children.push(el);
      if (source.startsWith('/>', i)) i += 2;
      else if (source[i] === '>') {
        stack.push(el);
        i++;
      } else throw new Error(`malformed tag <${el.name}> at ${i}: ${JSON.stringify(source.slice(i, i + 20))}`);
    } else {
      const end = source.indexOf('<', i);
      const text = source.slice(i, end < 0 ? source.length : end);
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in text at ${i}`);
      stack[stack.length - 1].text += text;
      i = end < 0 ? source.length : end;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`);
  return root.children[0];
}

/** Every element below `el` (depth first) for which `test` holds. */
export function findAll(el: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (test(e)) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}

/** The `<g class="mark-… role-mark NAME_marks">` group Vega draws the marks of a named view into. */
export function marksOf(svg: XmlElement, name: string): XmlElement {
  const found = findAll(svg, (e) => e.name === 'g' && (e.attributes.class ?? '').split(' ').includes(`${name}_marks`));
  if (found.length !== 1) throw new Error(`expected one ${name}_marks group, found ${found.length}`);
  return found[0];
}

/** Height of a Vega bar path `M x,y h w v h h −w Z`. */
export function barHeight(path: XmlElement): number {
  const m = /^M[-\d.e]+,[-\d.e]+h[-\d.e]+v([-\d.e]+)/.exec(path.attributes.d ?? '');
  if (!m) throw new Error(`not a bar path: ${path.attributes.d}`);
  return Number(m[1]);
}

/** The 8-byte PNG signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
