import type { TopLevelSpec } from 'vega-lite';

/** What a chart says in words, for screen readers and for anyone who cannot see the colours. */
export interface ChartText {
  /** A short title: what the chart shows. */
  title: string;
  /** The figures the chart shows, in a sentence or two. */
  description: string;
  /** Prefix of the ids of the title and description, unique within an HTML page. */
  id?: string;
}

/**
 * Render a Vega-Lite spec to SVG, headless; the same spec gives byte-identical SVG. Vega is loaded
 * on first use: it is most of the CLI's start-up time and most commands draw nothing. With `text`,
 * the SVG is one image to assistive technology (`role="img"`), named by a `<title>` and `<desc>`.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec, text?: ChartText): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return (text ? withText(svg, text) : svg) + '\n';
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SVG with `role="img"`, a `<title>` and a `<desc>` as its first children. */
function withText(svg: string, { title, description, id = 'chart' }: ChartText): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('withText needs an SVG document starting with <svg');
  const tag = open[0].replace(/>$/, ` role="img" aria-labelledby="${id}-title ${id}-desc">`);
  const children = `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`;
  return tag + children + svg.slice(open[0].length);
}
