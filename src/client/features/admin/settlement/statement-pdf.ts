// The statement as a PDF file, made on this device with pdfmake. Imported
// dynamically by the statement screen only: pdfmake and its fonts (about
// 2 MB) never ride with the counter or the rest of the back office.
import type * as PdfMake from 'pdfmake/build/pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { StatementModel } from './statement-model.ts';

function docOf(m: StatementModel): TDocumentDefinitions {
  const body: Content[] = [
    { text: m.title, style: 'title' },
    { text: m.store, bold: true },
    { text: m.storeAddress, margin: [0, 0, 0, 8] },
    {
      columns: [
        { text: [{ text: `${m.labels.producer}: `, bold: true }, m.producer] },
        { text: [{ text: `${m.labels.period}: `, bold: true }, m.period], alignment: 'right' },
      ],
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        headerRows: 1,
        widths: ['auto', 'auto', '*', 'auto', 'auto', 'auto'],
        body: [m.head.map((h) => ({ text: h, bold: true })), ...m.rows.map((r) => [r.date, r.receipt, r.name, { text: r.qty, alignment: 'right' as const }, { text: r.price, alignment: 'right' as const }, { text: r.amount, alignment: 'right' as const }])],
      },
      layout: 'lightHorizontalLines',
      fontSize: 9,
    },
    {
      table: { widths: ['*', 'auto'], body: m.totals.map(([k, v]) => [{ text: k, bold: true }, { text: v, alignment: 'right' as const }]) },
      layout: 'noBorders',
      margin: [200, 12, 0, 12],
    },
    ...m.notes.map((n) => ({ text: n, fontSize: 9, margin: [0, 0, 0, 4] as [number, number, number, number] })),
    {
      columns: m.signatures.map((s) => ({ stack: [{ text: s, bold: true }, { text: '\n\n\n\n' }, { text: m.labels.signName, fontSize: 8 }], alignment: 'center' as const })),
      margin: [0, 24, 0, 0],
    },
  ];
  return { pageSize: 'A4', pageMargins: [40, 40, 40, 40], info: { title: `${m.title} ${m.producer} ${m.period}` }, content: body, defaultStyle: { fontSize: 10 }, styles: { title: { fontSize: 15, bold: true, margin: [0, 0, 0, 6] } } };
}

/** The statement's PDF bytes as a Blob. */
export async function statementPdf(m: StatementModel): Promise<Blob> {
  const [pdfModule, fontsModule] = await Promise.all([import('pdfmake/build/pdfmake'), import('pdfmake/build/vfs_fonts')]);
  const pdfMake = ('default' in pdfModule ? pdfModule.default : pdfModule) as typeof PdfMake;
  const vfs = ('default' in fontsModule ? fontsModule.default : fontsModule) as Parameters<typeof pdfMake.addVirtualFileSystem>[0];
  pdfMake.addVirtualFileSystem(vfs);
  return pdfMake.createPdf(docOf(m)).getBlob();
}
