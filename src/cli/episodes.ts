import { Command, Option } from 'commander';
import { summariseEpisodes, type EpisodeSettings } from '../app/episodes.js';
import { SIDE_OUTPUTS } from '../report/outputs.js';
import { collect, formatOption, includeShortBreaksOption, manifestOption, noColorOption, outOption } from './options.js';
import { emit, formatFor, write, type CommandEnv } from './run.js';

export function episodesCommand(env: CommandEnv): Command {
  const episodes = new Command('episodes').summary('child-level SSDA903 returns: periods of care and time in care');
  const summarise = new Command('summarise')
    .summary('stock, starts, ceased and Kaplan-Meier time in care from SSDA903 files')
    .description(
      'Read SSDA903 episode, header and UASC files of several years (a folder or files), merge the returns, ' +
        'join episodes into periods of care, and report stock on 31 March, starts and ceased by age band and ' +
        'placement, and Kaplan-Meier time in care by age at entry. Rows dropped or repaired are counted by reason.',
    )
    .addOption(new Option('--episodes <path>', 'an SSDA903 folder or file; repeatable').argParser(collect).makeOptionMandatory())
    .addOption(formatOption('episodes'))
    .addOption(outOption())
    .addOption(new Option('--survival-chart <file>', 'write the survival curves by age at entry as SVG'))
    .addOption(
      new Option(
        '--history <file>',
        'the council\'s published history (as for project): stock, starts and ceased shown beside the returns\' own; repeatable; "england" = the bundled DfE history',
      ).argParser(collect),
    )
    .addOption(
      new Option('--area <area>', 'the council in --history: GSS code, DfE number or name').default(
        undefined,
        'the only area in the history',
      ),
    )
    .addOption(includeShortBreaksOption())
    .addOption(noColorOption())
    .addOption(manifestOption())
    .addHelpText('after', '\nExample:\n  lacproj episodes summarise --episodes fixtures/ssda903-sample --survival-chart survival.svg');
  summarise.action(async (options: EpisodeSettings & { format: string; out?: string; survivalChart?: string }) => {
    options.format = formatFor(summarise, 'episodes', options);
    const context = env.context();
    const summary = await summariseEpisodes(context, options);
    const header = {
      command: 'episodes summarise',
      parameters: {
        episodes: options.episodes,
        history: options.history ?? null,
        area: options.area ?? null,
        includeShortBreaks: options.includeShortBreaks ?? false,
      },
      inputs: context.inputs,
      notes: [],
    };
    if (options.survivalChart) write(env, options.survivalChart, await SIDE_OUTPUTS.survivalSvg(summary));
    await emit(env, 'episodes', options.format, { header, summary }, options);
  });
  episodes.addCommand(summarise.exitOverride().configureOutput({ writeOut: env.io.stdout, writeErr: env.io.stderr }));
  return episodes;
}
