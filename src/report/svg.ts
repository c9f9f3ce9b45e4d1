import type { TopLevelSpec } from 'vega-lite';

/**
 * Render a Vega-Lite spec to SVG, headless; the same spec gives byte-identical SVG. Vega is loaded
 * on first use: it is most of the CLI's start-up time and most commands draw nothing.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg + '\n';
}
