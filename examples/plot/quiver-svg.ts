/**
 * A dependency-free SVG "quiver" plot for the point maze: walls as grey squares, the goal as a
 * circle, and one arrow per (position, action) pair. Several panels side by side.
 *
 * Point-maze frame: cell (row i, col j) is centred at (x, y) = (i, j), so x runs down the printed map.
 * On screen the column (y) is horizontal and the row (x) vertical, as the map is printed.
 */

export interface QuiverArrow {
  /** Position in the maze frame. */
  x: number;
  y: number;
  /** Action in the maze frame, [−1, 1]². */
  ax: number;
  ay: number;
}

export interface QuiverPanel {
  title: string;
  subtitle?: string;
  arrows: QuiverArrow[];
  /** Arrow colour. */
  color: string;
}

export interface QuiverOptions {
  /** Maze rows as characters ('#' wall). */
  layout: readonly string[];
  /** Goal position in the maze frame. */
  goal: readonly [number, number];
  panels: QuiverPanel[];
  /** Pixels per maze cell. */
  cellPx?: number;
  /** Length in cells of an arrow for an action of norm 1. */
  arrowScale?: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders the panels to an SVG document string. */
export function quiverSvg(options: QuiverOptions): string {
  const { layout, goal, panels } = options;
  const cell = options.cellPx ?? 44;
  const scale = options.arrowScale ?? 0.4;
  const rows = layout.length;
  const cols = layout[0].length;
  const header = 46;
  const gap = 24;
  const panelW = cols * cell;
  const panelH = rows * cell;
  const width = panels.length * panelW + (panels.length + 1) * gap;
  const height = panelH + header + gap;
  // Maze frame (x = row, y = col, centred on cells) → pixels inside a panel.
  const px = (y: number) => (y + 0.5) * cell;
  const py = (x: number) => (x + 0.5) * cell;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  panels.forEach((panel, p) => {
    const ox = gap + p * (panelW + gap);
    parts.push(`<g transform="translate(${ox},${header})">`);
    parts.push(`<text x="0" y="-26" font-size="15" font-weight="bold">${escape(panel.title)}</text>`);
    if (panel.subtitle) parts.push(`<text x="0" y="-9" font-size="11" fill="#555">${escape(panel.subtitle)}</text>`);
    layout.forEach((row, i) => {
      [...row].forEach((ch, j) => {
        const fill = ch === '#' ? '#9e9e9e' : '#f7f7f7';
        parts.push(`<rect x="${j * cell}" y="${i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#e0e0e0" stroke-width="0.5"/>`);
      });
    });
    parts.push(`<circle cx="${px(goal[1])}" cy="${py(goal[0])}" r="${0.5 * cell}" fill="#4caf50" fill-opacity="0.25" stroke="#2e7d32"/>`);
    for (const a of panel.arrows) {
      const x1 = px(a.y);
      const y1 = py(a.x);
      const x2 = px(a.y + scale * a.ay);
      const y2 = py(a.x + scale * a.ax);
      parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${panel.color}" stroke-width="1.3" marker-end="url(#head${p})"/>`);
    }
    parts.push('</g>');
    parts.push(
      `<defs><marker id="head${p}" markerWidth="6" markerHeight="6" refX="5" refY="3" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="${panel.color}"/></marker></defs>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
