// The scrubber against a corpus written for this test: realistic citizen comments with planted
// personal data in the forms people actually type, plus clean comments full of harmless numbers.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { defuseFormula, isValidIdNumber, scrubComment } from './comment-scrubber.ts';

const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z+\-()]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));

function idNumber(rng: ReturnType<typeof createRandom>): string {
  const region = ['110101', '310104', '440305', '330106', '510107'][rng.int(0, 4)]!;
  const birth = `19${rng.int(50, 99)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const body = `${region}${birth}${String(rng.int(0, 999)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

type Planter = (rng: ReturnType<typeof createRandom>) => { shown: string; secret: string };
const mobile: Planter = (rng) => {
  const n = `1${[3, 5, 7, 8, 9][rng.int(0, 4)]}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const forms = [
    n,
    `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
    `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
    `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
    `+86${n}`,
    `0086-${n}`,
    `(+86)${n}`,
    fullWidth(n),
  ];
  const shown = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret: shown };
};
const landline: Planter = (rng) => {
  const forms = [
    `010-6${rng.int(1_000_000, 9_999_999)}`,
    `(021)8${rng.int(1_000_000, 9_999_999)}`,
    `0755-8${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
    `0571 8${rng.int(1_000_000, 9_999_999)}`,
    `020-3${rng.int(1_000_000, 9_999_999)}转${rng.int(100, 999)}`,
    fullWidth(`0512-6${rng.int(1_000_000, 9_999_999)}`),
  ];
  const shown = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret: shown };
};
const id: Planter = (rng) => {
  const n = idNumber(rng);
  const forms = [n, `${n.slice(0, 6)} ${n.slice(6, 14)} ${n.slice(14)}`, n.toLowerCase(), fullWidth(n)];
  const shown = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret: shown };
};
const email: Planter = (rng) => {
  const shown = [
    `zhang${rng.int(10, 99)}@163.com`,
    `li.si_${rng.int(1, 99)}@qq.com`,
    `wangfang${rng.int(1, 9)}@gmail.com`,
    `chen.x@sina.com.cn`,
  ][rng.int(0, 3)]!;
  return { shown, secret: shown };
};
const card: Planter = (rng) => {
  const n = `62${String(rng.int(0, 99_999_999)).padStart(8, '0')}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  const forms = [
    n,
    `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8, 12)} ${n.slice(12, 16)} ${n.slice(16)}`,
    n.slice(0, 16),
  ];
  const shown = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret: shown };
};
const im: Planter = (rng) => {
  const account = `zs_${rng.int(10_000, 99_999)}`;
  const qq = String(rng.int(10_000_000, 999_999_999));
  const forms: [string, string][] = [
    [`微信号：${account}`, account],
    [`微信 ${account}`, account],
    [`QQ ${qq}`, qq],
    [`vx:${account}`, account],
  ];
  const [shown, secret] = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret };
};
const staff: Planter = (rng) => {
  const no = `${rng.int(0, 1) ? 'A' : ''}${rng.int(1000, 99_999)}`;
  return { shown: `工号${rng.int(0, 1) ? '：' : ' '}${no}`, secret: no };
};
const GIVEN = ['建国', '秀英', '小明', '丽', '伟', '志强', '晓燕', '敏', '海涛', '红梅'];
const name: Planter = (rng) => {
  const surname = '王李张刘陈杨黄赵吴周徐孙马朱胡'[rng.int(0, 14)]!;
  const full = surname + GIVEN[rng.int(0, GIVEN.length - 1)];
  const forms: [string, string][] = [
    [`我叫${full}`, full],
    [`联系人：${full}`, full],
    [`姓名：${full}`, full],
    [`窗口的${surname}师傅`, `${surname}师傅`],
    [`${full}主任`, full],
    [`${surname}科长`, `${surname}科长`],
    [`家属${full}`, full],
    [`${surname}女士`, `${surname}女士`],
  ];
  const [shown, secret] = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret };
};
const address: Planter = (rng) => {
  const forms = [
    `朝阳区建国路${rng.int(1, 300)}号${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(101, 2808)}室`,
    `幸福小区${rng.int(1, 40)}栋${rng.int(101, 1808)}`,
    `人民路${rng.int(1, 500)}号`,
    `解放大道${rng.int(1, 999)}号${rng.int(1, 20)}楼`,
    `和平街${rng.int(1, 99)}号`,
  ];
  const shown = forms[rng.int(0, forms.length - 1)]!;
  return { shown, secret: shown };
};
const PLANTERS: [string, Planter][] = [
  ['mobile', mobile],
  ['landline', landline],
  ['id', id],
  ['email', email],
  ['card', card],
  ['im', im],
  ['staff', staff],
  ['name', name],
  ['address', address],
];

const TEMPLATES = [
  (p: string) => `在3号窗口等了40分钟才办上，希望改进。有问题请联系${p}。`,
  (p: string) => `办理社保转移，材料跑了2次还没办完，我的电话是${p}，请回电。`,
  (p: string) => `工作人员态度很差，${p}，希望核实处理。`,
  (p: string) => `不动产登记大厅排队太久，上午9点到12点只开了1个窗口。${p}`,
  (p: string) => `${p}，反映的问题到现在没有答复，已经打了12345热线。`,
  (p: string) => `网上办理一直提示系统错误，客服说3个工作日回复。联系方式：${p}`,
  (p: string) => `对办事效率不满意，2026年3月5日提交的申请还在审核中。${p}`,
  (p: string) => `服务很好，就是停车不方便。${p}`,
];

function corpus(size: number) {
  const rng = createRandom(20_261_127);
  return Array.from({ length: size }, (_, i) => {
    const [kind, plant] = PLANTERS[i % PLANTERS.length]!;
    const pii = plant(rng);
    return { kind, secret: pii.secret, text: TEMPLATES[rng.int(0, TEMPLATES.length - 1)]!(pii.shown) };
  });
}

describe('comment scrubber', () => {
  it('recognises resident identity numbers by their GB 11643 check digit', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('masks at least 99% of the personal data planted in 270 comments, and names what it misses', () => {
    const comments = corpus(270);
    const missed: string[] = [];
    const perKind = new Map<string, number>();
    for (const c of comments) {
      const { text } = scrubComment(c.text);
      perKind.set(c.kind, (perKind.get(c.kind) ?? 0) + 1);
      if (text.includes(c.secret)) missed.push(`${c.kind}: ${c.text} → ${text}`);
    }
    // Every kind is represented well enough to mean something.
    for (const n of perKind.values()) expect(n).toBeGreaterThanOrEqual(30);
    const recall = 1 - missed.length / comments.length;
    if (missed.length) console.info(`scrubber missed ${missed.length}:\n${missed.join('\n')}`);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });

  it('leaves harmless numbers, dates, windows and hotlines alone', () => {
    for (const clean of [
      '在3号窗口等了40分钟，2026年3月5日上午9点到12点只开了1个窗口。',
      '打了12345热线，客服说3个工作日内回复，已经过了5天。',
      '办证费用100元，第2次来才办好，效率有待提高。',
      '服务很好，工作人员很耐心，给五星好评！',
      '希望增加2个自助终端，高峰期排队超过50人。',
    ])
      expect(scrubComment(clean)).toEqual({ text: clean, masked: {} });
  });

  it('says what it masked', () => {
    const r = scrubComment('我叫张建国，电话13800138000，邮箱zhang88@163.com，住人民路12号。');
    expect(r.text).toBe('我叫[姓名]，电话[手机号]，邮箱[邮箱]，住[地址]。');
    expect(r.masked).toEqual({ name: 1, mobile: 1, email: 1, address: 1 });
  });

  it('defuses comments that a spreadsheet would read as a formula', () => {
    for (const risky of ['=HYPERLINK("http://x","点我")', '+1办事慢', '-很差', '@SUM(A1)', '\t=1'])
      expect(defuseFormula(risky)).toBe(`'${risky}`);
    expect(defuseFormula('办事快=好')).toBe('办事快=好');
  });
});
