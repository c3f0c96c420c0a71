/**
 * What a Zaozhuang campaign like the seed's looks like: industries with their firms' typical jobs, places,
 * skills and certificates. Titles are the colloquial ones real postings use; the text package maps them to
 * occupation codes.
 */

export interface Job {
  title: string;
  skills: string[];
  certificates?: string[];
  /** Monthly wage range in CNY. */
  wage: [number, number];
}

export interface Industry {
  name: string;
  nameParts: string[];
  jobs: Job[];
}

export const INDUSTRIES: Industry[] = [
  {
    name: '防护用品制造',
    nameParts: ['防护用品', '医疗器械', '卫生材料', '劳保用品'],
    jobs: [
      { title: '防护服生产工', skills: ['缝纫', '流水线'], wage: [4000, 6500] },
      { title: '口罩生产工', skills: ['设备操作', '流水线'], wage: [4000, 6000] },
      { title: '普工', skills: ['流水线', '包装'], wage: [3500, 5500] },
      { title: '质检员', skills: ['质量检验', '来料检验'], wage: [4000, 5500] },
      { title: '包装工', skills: ['包装', '打包'], wage: [3300, 4800] },
      { title: '机修工', skills: ['设备维修', '电气维修'], certificates: ['电工证'], wage: [5000, 8000] },
    ],
  },
  {
    name: '物流快递',
    nameParts: ['物流', '供应链', '快递', '仓储'],
    jobs: [
      { title: '快递员', skills: ['派件', '电动车驾驶'], wage: [5000, 9000] },
      { title: '分拣员', skills: ['分拣', '扫描'], wage: [4000, 5500] },
      { title: '叉车司机', skills: ['叉车'], certificates: ['叉车证'], wage: [5000, 7000] },
      { title: '仓管员', skills: ['仓库管理', '盘点', 'ERP'], wage: [4000, 6000] },
      { title: '货车司机', skills: ['驾驶', '长途运输'], certificates: ['驾驶证A2'], wage: [7000, 12000] },
      { title: '装卸工', skills: ['搬运'], wage: [4500, 7000] },
    ],
  },
  {
    name: '食品加工',
    nameParts: ['食品', '粮油', '肉制品', '乳业'],
    jobs: [
      { title: '食品加工工', skills: ['食品加工', '流水线'], certificates: ['健康证'], wage: [3800, 5500] },
      { title: '操作工', skills: ['设备操作'], certificates: ['健康证'], wage: [4000, 5800] },
      { title: '包装工', skills: ['包装'], certificates: ['健康证'], wage: [3300, 4800] },
      { title: '质检员', skills: ['食品检验'], certificates: ['健康证'], wage: [4000, 5500] },
      { title: '面点师', skills: ['面点'], certificates: ['健康证'], wage: [4500, 7000] },
    ],
  },
  {
    name: '机械制造',
    nameParts: ['机械', '重工', '机床', '精密制造'],
    jobs: [
      { title: '电焊工', skills: ['氩弧焊', '二保焊'], certificates: ['焊工证'], wage: [6000, 10000] },
      { title: '车工', skills: ['普通车床', '看图纸'], wage: [5500, 8500] },
      { title: '数控操作工', skills: ['数控车床', '编程'], wage: [5500, 9000] },
      { title: '装配工', skills: ['机械装配', '看图纸'], wage: [4500, 7000] },
      { title: '钳工', skills: ['钳工', '模具'], wage: [5000, 8000] },
      { title: '电工', skills: ['电气维修', 'PLC'], certificates: ['电工证'], wage: [5500, 8500] },
      { title: '普工', skills: ['流水线'], wage: [3800, 5500] },
    ],
  },
  {
    name: '纺织服装',
    nameParts: ['纺织', '服装', '家纺', '棉业'],
    jobs: [
      { title: '缝纫工', skills: ['平车', '缝纫'], wage: [4000, 7000] },
      { title: '挡车工', skills: ['纺纱', '挡车'], wage: [4000, 6000] },
      { title: '包装工', skills: ['包装', '折叠'], wage: [3300, 4500] },
      { title: '普工', skills: ['流水线'], wage: [3500, 5000] },
    ],
  },
  {
    name: '商超零售',
    nameParts: ['超市', '商贸', '百货', '便利店'],
    jobs: [
      { title: '收银员', skills: ['收银', '服务'], certificates: ['健康证'], wage: [3000, 4200] },
      { title: '理货员', skills: ['理货', '陈列'], wage: [3000, 4500] },
      { title: '营业员', skills: ['销售', '服务'], wage: [3000, 5000] },
      { title: '配送员', skills: ['配送', '电动车驾驶'], wage: [4500, 7000] },
    ],
  },
  {
    name: '餐饮住宿',
    nameParts: ['餐饮', '酒店', '饭店', '美食'],
    jobs: [
      { title: '厨师', skills: ['鲁菜', '炒菜'], certificates: ['健康证'], wage: [5000, 9000] },
      { title: '服务员', skills: ['服务', '点餐'], certificates: ['健康证'], wage: [3000, 4200] },
      { title: '帮厨', skills: ['切配'], certificates: ['健康证'], wage: [3200, 4500] },
      { title: '保洁', skills: ['清洁'], wage: [2600, 3500] },
    ],
  },
  {
    name: '建筑施工',
    nameParts: ['建设', '建工', '路桥', '建筑安装'],
    jobs: [
      { title: '钢筋工', skills: ['钢筋绑扎', '看图纸'], wage: [6000, 10000] },
      { title: '瓦工', skills: ['砌墙', '抹灰'], wage: [6000, 9500] },
      { title: '木工', skills: ['支模'], wage: [6000, 9500] },
      { title: '电焊工', skills: ['电焊'], certificates: ['焊工证'], wage: [6500, 10000] },
      { title: '安全员', skills: ['安全管理'], certificates: ['安全员证'], wage: [5000, 7000] },
    ],
  },
  {
    name: '医疗养老',
    nameParts: ['医院', '康养', '养老服务', '医疗'],
    jobs: [
      { title: '护工', skills: ['生活照料', '陪护'], certificates: ['健康证'], wage: [3500, 5500] },
      {
        title: '养老护理员',
        skills: ['生活照料', '康复护理'],
        certificates: ['养老护理员证'],
        wage: [3800, 5500],
      },
      { title: '护士', skills: ['护理', '输液'], certificates: ['护士执业证书'], wage: [4500, 7000] },
      { title: '保洁', skills: ['清洁', '消毒'], wage: [2600, 3500] },
    ],
  },
  {
    name: '物业服务',
    nameParts: ['物业', '安保', '保安服务', '城市服务'],
    jobs: [
      { title: '保安', skills: ['巡逻', '门岗'], certificates: ['保安员证'], wage: [2800, 4000] },
      { title: '保洁', skills: ['清洁'], wage: [2500, 3400] },
      { title: '绿化工', skills: ['绿化养护'], wage: [2800, 3800] },
      { title: '水电工', skills: ['水电维修'], certificates: ['电工证'], wage: [4500, 6500] },
    ],
  },
  {
    name: '电子商务',
    nameParts: ['电子商务', '网络科技', '数字科技', '信息技术'],
    jobs: [
      { title: '客服', skills: ['电话沟通', '打字'], wage: [3500, 5500] },
      { title: '电商运营', skills: ['店铺运营', '数据分析'], wage: [5000, 9000] },
      { title: '主播', skills: ['直播带货'], wage: [4000, 12000] },
      { title: '程序员', skills: ['Java', 'MySQL', 'Vue'], wage: [7000, 15000] },
      { title: '文员', skills: ['Office', '档案管理'], wage: [3200, 4500] },
    ],
  },
];

/** Zaozhuang's districts by weight (滕州 is the largest), and other cities workers come from or go to. */
export const ZAOZHUANG_DISTRICTS: ReadonlyArray<readonly [string, number]> = [
  ['370481', 32],
  ['370402', 18],
  ['370403', 18],
  ['370404', 10],
  ['370405', 9],
  ['370406', 8],
];
export const OTHER_CITIES = ['330200', '530600', '370100', '370200', '370800', '320300', '310100'];

export const FIRM_PREFIXES = [
  '鲁南',
  '枣庄',
  '薛城',
  '滕州',
  '峄城',
  '台儿庄',
  '山亭',
  '运河',
  '墨子',
  '鑫源',
  '华晨',
  '泰和',
  '恒达',
  '金辉',
  '瑞丰',
  '盛世',
  '宏图',
  '永兴',
  '中兴',
  '东方',
];
export const FIRM_SUFFIXES = ['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'.split(
    '',
  );
export const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志文斌海燕鹏辉宇浩凯婷雪琳晨阳'.split('');

export const BENEFIT_OTHER = ['五险一金', '带薪年假', '加班补贴', '全勤奖', '节日福利', '班车接送', '年终奖'];
export const SHIFTS = ['白班', '两班倒', '三班倒', '长白班'];
export const FAIR_NAMES = [
  '春风行动网络招聘会',
  '重点企业专场招聘会',
  '中小企业网络专场招聘会',
  '高校毕业生专场招聘会',
  '农民工返岗专场招聘会',
  '防疫物资生产企业专场',
  '就业扶贫专场招聘会',
  '共享员工对接专场',
];
