// What the person-name rules know: surnames (single and compound), titles and kinship words written
// after a surname, characters that never stand in a given name, and Hanyu Pinyin syllables and
// common English given names for romanised names.

/** Common single-character surnames (roughly the 300 most frequent), without 区, 於 and other rare ones easily read as words. */
export const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由'.replace(
    /[区於]/g,
    '',
  ),
]);
export const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '慕容',
  '令狐',
  '夏侯',
  '尉迟',
  '长孙',
  '宇文',
  '公孙',
  '端木',
  '司徒',
  '西门',
  '南宫',
  '澹台',
  '呼延',
  '独孤',
  '轩辕',
  '申屠',
  '太史',
  '闻人',
  '万俟',
  '赫连',
  '拓跋',
  '钟离',
  '宗政',
  '濮阳',
  '公冶',
  '仲孙',
  '百里',
  '东郭',
  '第五',
]);

/** Words written after a surname (and maybe a given name) for a person: 张建国主任, 王师傅, 李姐. */
export const TITLES = [
  '工作人员',
  '窗口人员',
  '副主任',
  '副局长',
  '副科长',
  '副所长',
  '检察官',
  '主任',
  '科长',
  '处长',
  '局长',
  '所长',
  '队长',
  '站长',
  '经理',
  '同志',
  '老师',
  '医生',
  '警官',
  '专员',
  '组长',
  '书记',
  '先生',
  '女士',
  '小姐',
  '会计',
  '大夫',
  '师傅',
  '阿姨',
  '大爷',
  '大妈',
  '大姐',
  '大哥',
  '奶奶',
  '爷爷',
  '律师',
  '护士',
  '干部',
  '行长',
  '院长',
  '校长',
  '厂长',
  '部长',
  '主管',
  '领班',
  '柜员',
  '班长',
  '社长',
  '馆长',
  '科员',
  '助理',
  '顾问',
  '法官',
  '民警',
  '辅警',
  '协警',
  '保安',
  '总监',
  '老板',
  '姐姐',
  '哥哥',
  '叔叔',
  '阿姨',
  '婶婶',
  '姐',
  '哥',
  '叔',
  '姨',
  '婶',
  '伯',
  '姑',
  '总',
  '工',
  '某',
];

/** Characters that do not stand in a given name: function words, verbs and nouns of a complaint. */
export const NOT_GIVEN = new Set([
  ...'坏乱脏冷吵挤烂破难错我你他她它们在住是的了到去从跟给向对把被就都也还很要想说叫让等找办请这那哪个着过吗呢吧啊呀与或但而却又再才已没寄送址有为及帮和同不人员窗口态度服务工作号上下里外前后内边面头点些种样次回遍趟只件条位名么什怎啥谁会能可该应得地哦嗯哈嘛啦咯喔唉哎噢讲问答看听写拿放买卖交付收取用做搞弄太更最挺好差慢快少每各此其某几第二三四五六七八九十百千两块角分秒钟年日时期周今昨早晚午夜市省区县镇乡村路街楼栋室门厅证表单卡票钱费税款车机电话网系统部局科处站队组台柜热线投诉排候来走出开关停',
]);

/** Hanyu Pinyin syllables, for telling a romanised Chinese name from an English word. */
export const PINYIN_SYLLABLES = new Set(
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu lv luan lue lve lun luo lyu ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nv nuan nue nve nuo nyu o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'.split(
    ' ',
  ),
);
/** Romanised surnames (Hanyu Pinyin, and the Wade–Giles and Cantonese spellings still common in names). */
export const PINYIN_SURNAMES = new Set(
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lu lv lyu ding ren shen yao cui zhong tan wan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao mo kong xiang tang chang wen kang shi niu fan ge xing an qi qiao wu pang ni zhuang nie zhang ou yue mao hao gong shao qian dai tang ouyang situ sima zhuge shangguan dongfang murong linghu chan chow wong lee cheung leung ng ho tsang kwok lau tse yip'.split(
    ' ',
  ),
);
/** Common English given names that Chinese staff and citizens use (Tony, Linda …). */
export const ENGLISH_GIVEN_NAMES = new Set(
  'tony kevin linda amy jack lily david grace eric alice peter jason cindy vivian michael sunny jenny tom lucy frank helen steven coco emma anna andy annie ben bella bill bob bruce carol catherine chris christine daisy daniel dennis derek eddie elaine ella emily eva fiona george gloria hannah harry henry iris ivan jackie james jane jeff jerry jessica jimmy joan joe john johnny joy judy julia karen kate katie kelly ken kitty leo leon lisa louis lynn maggie mandy mary mike mona nancy nick nina oliver olivia paul penny queenie rachel richard rick rita robert rose roy ruby ryan sally sam sandy sara sarah simon sophia sophie stella susan tina tracy vicky victor vincent wendy william winnie yoyo zoe jay allen alan alex angela bonnie elsa eva harvey jacky jasmine jessie joyce leslie lulu molly nicole rebecca sherry shirley stephen terry wayne'.split(
    ' ',
  ),
);
