// A4 posters for service windows: Chinese first, the QR code large enough for an old phone
// camera at arm's length, and three short steps. The CJK font ships with the project
// (assets/fonts, Apache-2.0) and is embedded as a subset.

import { CJK_FONT, CJK_FONT_NAME } from '../assets.ts';
import { loadPdfKit } from '../lazy-modules.ts';

const MM = 72 / 25.4;

export interface PosterPage {
  unitName: string;
  servicePointName: string;
  url: string;
  qrPng: Buffer;
}

export async function renderPosters(pages: PosterPage[]): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 20 * MM,
      autoFirstPage: false,
      info: { Title: '服务评价二维码', Creator: 'Kaimen 开门考评' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', CJK_FONT, CJK_FONT_NAME);
    for (const page of pages) {
      doc.addPage();
      const width = doc.page.width - 40 * MM;
      doc
        .font('cjk')
        .fillColor('#b3261e')
        .fontSize(40)
        .text('请为我们的服务评价', { align: 'center', width });
      doc.moveDown(0.3).fillColor('#1b1b1b').fontSize(22).text(page.unitName, { align: 'center', width });
      doc.fontSize(18).text(page.servicePointName, { align: 'center', width });
      const qrSize = 110 * MM;
      doc.image(page.qrPng, (doc.page.width - qrSize) / 2, doc.y + 8 * MM, { width: qrSize, height: qrSize });
      doc.y += qrSize + 14 * MM;
      doc.fontSize(16).text('① 用手机扫描上方二维码　② 选择满意程度　③ 提交评价', { align: 'center', width });
      doc.moveDown(0.4).fontSize(12).fillColor('#555555');
      doc.text('匿名评价，约需 30 秒。不满意可留言，单位将在规定时限内核实整改。', {
        align: 'center',
        width,
      });
      doc
        .moveDown(0.4)
        .text('Scan to rate this service: anonymous, about 30 seconds.', { align: 'center', width });
      doc.moveDown(0.8).fontSize(9).text(page.url, { align: 'center', width });
    }
    doc.end();
  });
}
