import ExcelJS from 'exceljs';

/**
 * A GLA borough projection workbook as the GLA publishes it: sheets persons, females and males,
 * wide layout gss_code, borough, age, sex, 2021..2030. Numbers invented: Hackney 3,000 children at
 * each single year of age in 2021, +1% a year; females and males half each.
 */
export async function glaWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const years = Array.from({ length: 10 }, (_, i) => 2021 + i);
  for (const [sheet, sex, share] of [
    ['persons', 'persons', 1],
    ['females', 'female', 0.5],
    ['males', 'male', 0.5],
  ] as const) {
    const ws = workbook.addWorksheet(sheet);
    ws.addRow(['gss_code', 'borough', 'age', 'sex', ...years]);
    for (const age of [...Array.from({ length: 91 }, (_, a) => a)]) {
      ws.addRow(['E09000012', 'Hackney', age === 90 ? '90+' : age, sex, ...years.map((y) => 3000 * share * 1.01 ** (y - 2021))]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
