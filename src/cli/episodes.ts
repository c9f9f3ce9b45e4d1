import { Command, Option } from 'commander';
import { describeArea } from '../model/areas/matching.js';
import { dayOf } from '../model/episodes/calendar.js';
import { buildPeriods } from '../model/episodes/periods.js';
import { survivalByBand } from '../model/episodes/survival.js';
import { countByYear, reconcileWithHistory } from '../model/episodes/yearCounts.js';
import { renderCsv } from '../report/csv.js';
import { EPISODE_COUNT_COLUMNS, episodeRecords, renderEpisodeTable, renderSurvivalSvg, type EpisodeSummary } from '../report/episodes.js';
import { terminalWidth, toolVersion, type Io } from './context.js';
import { loadCouncilHistory, writeOutput } from './inputs.js';
import { collect, manifestOption, noColorOption } from './options.js';
import { includeShortBreaksOption, readReturnsWithProgress } from './returns.js';

const FORMATS = ['table', 'csv', 'json'] as const;

export function episodesCommand(io: Io): Command {
  const episodes = new Command('episodes').summary('child-level SSDA903 returns: periods of care and time in care');
  const summarise = new Command('summarise')
    .summary('stock, starts, ceased and Kaplan-Meier time in care from SSDA903 files')
    .description(
      'Read SSDA903 episode, header and UASC files of several years (a folder or files), merge the returns, ' +
        'join episodes into periods of care, and report stock on 31 March, starts and ceased by age band and ' +
        'placement, and Kaplan-Meier time in care by age at entry. Rows dropped or repaired are counted by reason.',
    )
    .addOption(new Option('--episodes <path>', 'an SSDA903 folder or file; repeatable').argParser(collect).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'))
    .addOption(new Option('--survival-chart <file>', 'write the survival curves by age at entry as SVG'))
    .addOption(
      new Option(
        '--history <file>',
        "the council's published history (as for project): stock, starts and ceased shown beside the returns' own; repeatable",
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
  summarise.action(
    async (options: {
      episodes: string[];
      format: (typeof FORMATS)[number];
      out?: string;
      survivalChart?: string;
      history?: string[];
      area?: string;
      includeShortBreaks?: boolean;
    }) => {
      const data = await readReturnsWithProgress(options.episodes, io);
      const includeShortBreaks = options.includeShortBreaks ?? false;
      const care = buildPeriods(data.episodes, data.children, { includeShortBreaks });
      const { first: firstYear, last: lastYear } = data.episodes.returnYears()!; // readSsda903 refuses returns without episodes
      const years: number[] = [];
      for (let y = firstYear; y <= lastYear; y++) years.push(y);
      const summary: EpisodeSummary = {
        files: data.files,
        episodes: data.episodes.size,
        repeated: care.repeated,
        periods: care.periods.length,
        children: care.children,
        censorYear: lastYear,
        counts: countByYear(care, years),
        survival: survivalByBand(care.periods, dayOf(lastYear, 3, 31)),
        problems: [...data.problems, ...care.problems],
        shortBreaks: { included: includeShortBreaks, ...care.shortBreaks },
      };
      if (options.history) {
        const history = loadCouncilHistory(options.history, options.area, io);
        summary.published = { area: describeArea(history.area), rows: reconcileWithHistory(summary.counts, history) };
      }
      let output: string;
      switch (options.format) {
        case 'csv':
          output = renderCsv(EPISODE_COUNT_COLUMNS, episodeRecords(summary));
          break;
        case 'json':
          output =
            JSON.stringify(
              {
                tool: { name: 'lacproj', version: toolVersion },
                files: summary.files,
                episodes: summary.episodes,
                periods: summary.periods,
                children: summary.children,
                censor_year: summary.censorYear,
                short_breaks: summary.shortBreaks,
                records: episodeRecords(summary),
                published: summary.published ?? null,
                problems: summary.problems,
              },
              null,
              2,
            ) + '\n';
          break;
        case 'table':
          output = renderEpisodeTable(summary, { width: terminalWidth(io) });
          break;
      }
      if (options.survivalChart) writeOutput(options.survivalChart, await renderSurvivalSvg(summary), io);
      if (options.out !== undefined) writeOutput(options.out, output, io);
      else io.stdout(output);
    },
  );
  episodes.addCommand(summarise.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  return episodes;
}
