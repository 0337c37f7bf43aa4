// Files that ship with the API. The CJK font (WenQuanYi Micro Hei, Apache-2.0) makes Chinese
// PDFs independent of the fonts installed on the machine.
import { fileURLToPath } from 'node:url';

export const CJK_FONT = fileURLToPath(new URL('../assets/fonts/wqy-microhei.ttc', import.meta.url));
export const CJK_FONT_NAME = 'WenQuanYiMicroHei';
