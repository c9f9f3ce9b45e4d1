/** Options for drawing an SVG as PNG: fonts come in as files, so the output is the same on every machine. */
export interface PngOptions {
  /**
   * TrueType fonts to draw text with (regular and bold of one family); no system font is used, so a
   * server without fonts draws the same labels. The CLI passes the bundled DejaVu Sans.
   */
  fontFiles: readonly string[];
  /** Family name of those fonts, drawn for every generic family (sans-serif...). */
  fontFamily: string;
  /** Width of the PNG in pixels; the height follows the SVG's aspect. Default: twice the SVG's width. */
  width?: number;
}

/**
 * An SVG drawn as PNG with resvg (Rust, no browser), on a white background, with only the given
 * fonts: the same SVG and fonts give byte-identical PNG. resvg is loaded on first use.
 */
export async function renderPng(svg: string, options: PngOptions): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const family = options.fontFamily;
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [...options.fontFiles],
      defaultFontFamily: family,
      sansSerifFamily: family,
      serifFamily: family,
      monospaceFamily: family,
      cursiveFamily: family,
      fantasyFamily: family,
    },
    fitTo: options.width ? { mode: 'width', value: options.width } : { mode: 'zoom', value: 2 },
    background: 'white',
    logLevel: 'off',
  });
  return new Uint8Array(resvg.render().asPng());
}
