/**
 * What a Zaozhuang campaign like the seed's looks like: industries with their firms' typical jobs, places,
 * skills and certificates, and the sentence pieces postings are written from. Titles are the colloquial ones
 * real postings use; the text package maps them to occupation codes.
 *
 * A posting's words are searched (its description at a low weight, its firm's name too), so the pieces keep
 * to their own job: a duty names no other job's title or trade word (no 包装 in a 质检员's duties, no 口罩 in
 * a PPE maker's general blurb, no 保安 in a property firm's name), or the demo's judged queries
 * (test/fixtures/judgments-demo.json) would find postings a seeker did not ask for.
 */

export interface Job {
  title: string;
  skills: string[];
  certificates?: string[];
  /** Monthly wage range in CNY, for an average firm of the city. */
  wage: [number, number];
  /** What the job does, one clause each, without the job's title; two of them go into a description. */
  duties: string[];
  /** Shift patterns this job is posted with, by weight (default: SHIFT_WEIGHTS). */
  shifts?: ReadonlyArray<readonly [string, number]>;
}

export interface Industry {
  name: string;
  /** The trade words of firm names (滕州市鑫源**机械制造**有限公司). */
  nameParts: string[];
  /** How a posting introduces a firm of this industry: "…是一家{kind}". */
  kinds: string[];
  /** Benefits typical of the industry, drawn besides the common ones. */
  perks: string[];
  jobs: Job[];
}

/** Office and service jobs work days; factories run every pattern. */
const DAY_WORK: ReadonlyArray<readonly [string, number]> = [
  ['白班', 5],
  ['长白班', 3],
];
const ROUND_THE_CLOCK: ReadonlyArray<readonly [string, number]> = [
  ['两班倒', 3],
  ['三班倒', 2],
  ['白班', 2],
];
export const SHIFT_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['白班', 3],
  ['长白班', 3],
  ['两班倒', 3],
  ['三班倒', 1],
];

export const INDUSTRIES: Industry[] = [
  {
    name: '防护用品制造',
    nameParts: ['防护用品', '医疗器械', '卫生材料', '劳保用品', '医用材料'],
    kinds: ['医用防护用品生产企业', '卫生材料生产企业', '劳动防护用品制造企业'],
    perks: ['免费工作服', '计件奖励', '岗前培训'],
    jobs: [
      {
        title: '防护服生产工',
        skills: ['缝纫', '流水线'],
        wage: [4000, 6500],
        duties: [
          '在洁净车间完成防护服的裁片、缝合与压胶',
          '按工艺要求操作压条机，保证接缝密封',
          '做好本工位的首件自检和生产记录',
          '按订单节奏完成当班产量',
        ],
      },
      {
        title: '口罩生产工',
        skills: ['设备操作', '流水线'],
        wage: [4000, 6000],
        duties: [
          '看管口罩机，及时上料、换卷',
          '巡查耳带焊接和鼻梁条位置，剔除不良品',
          '在十万级洁净车间按规程作业，做好交接记录',
          '配合班长调整机台参数',
        ],
      },
      {
        title: '普工',
        skills: ['流水线', '包装'],
        wage: [3500, 5500],
        duties: [
          '在生产线上完成上料、下料和简单组装',
          '按班组安排完成当班生产任务',
          '产品装箱、贴标和转运入库',
          '保持工位整洁，遵守车间纪律',
        ],
      },
      {
        title: '质检员',
        skills: ['质量检验', '来料检验'],
        wage: [4000, 5500],
        duties: [
          '负责来料和成品的抽检，填写检验记录',
          '对照标准检查产品外观、尺寸和过滤效率',
          '发现批量问题及时上报并跟踪整改',
          '配合做好产品注册和审核所需的质量资料',
        ],
      },
      {
        title: '包装工',
        skills: ['包装', '打包'],
        wage: [3300, 4800],
        duties: ['成品的折叠、装袋、封口和装箱', '核对包装标签、批号和数量', '按要求码放成品，配合发货'],
      },
      {
        title: '机修工',
        skills: ['设备维修', '电气维修'],
        certificates: ['电工证'],
        wage: [5000, 8000],
        duties: [
          '负责生产设备的日常点检、保养和故障维修',
          '处理设备突发故障，减少停机时间',
          '做好备品备件的申报和维修记录',
        ],
        shifts: ROUND_THE_CLOCK,
      },
    ],
  },
  {
    name: '物流快递',
    nameParts: ['物流', '供应链管理', '快递服务', '仓储物流', '货运'],
    kinds: ['物流运输企业', '快递分拨企业', '供应链服务企业'],
    perks: ['油补', '话费补贴', '绩效奖金'],
    jobs: [
      {
        title: '快递员',
        skills: ['派件', '电动车驾驶'],
        wage: [5000, 9000],
        duties: [
          '负责片区内快件的收取和派送',
          '按时完成揽收，及时录入物流信息',
          '维护片区客户关系，妥善处理签收问题',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '分拣员',
        skills: ['分拣', '扫描'],
        wage: [4000, 5500],
        duties: ['在分拨中心按线路分拣包裹', '使用扫描枪扫描建包，核对单号', '处理异常件并登记'],
        shifts: ROUND_THE_CLOCK,
      },
      {
        title: '叉车司机',
        skills: ['叉车'],
        certificates: ['叉车证'],
        wage: [5000, 7000],
        duties: [
          '驾驶叉车完成货物的装车、卸车和移库',
          '做好叉车的日常检查和保养',
          '按规程作业，保证货物和人员安全',
        ],
      },
      {
        title: '仓管员',
        skills: ['仓库管理', '盘点', 'ERP'],
        wage: [4000, 6000],
        duties: [
          '负责仓库货物的收发、入库登记和定期盘点',
          '在系统中及时录入出入库单据，做到账实相符',
          '合理规划库位，做好防潮防火',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '货车司机',
        skills: ['驾驶', '长途运输'],
        certificates: ['驾驶证A2'],
        wage: [7000, 12000],
        duties: [
          '驾驶重型货车跑省内外干线运输',
          '负责车辆的日常检查和安全行驶',
          '按时将货物送达并办理交接手续',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '装卸工',
        skills: ['搬运'],
        wage: [4500, 7000],
        duties: ['负责车辆货物的装车、卸车和码放', '轻拿轻放，保证货物完好', '听从现场调度安排，按件计酬'],
        shifts: ROUND_THE_CLOCK,
      },
    ],
  },
  {
    name: '食品加工',
    nameParts: ['食品', '粮油', '肉制品', '乳业', '面粉'],
    kinds: ['食品生产企业', '农副产品加工企业', '粮油加工企业'],
    perks: ['免费工作餐', '定期体检', '节日福利'],
    jobs: [
      {
        title: '食品加工工',
        skills: ['食品加工', '流水线'],
        certificates: ['健康证'],
        wage: [3800, 5500],
        duties: [
          '按工艺要求完成原料清洗、切配和成型',
          '严格遵守食品卫生规范，进车间前消毒更衣',
          '记录生产批次，配合做好追溯',
        ],
      },
      {
        title: '操作工',
        skills: ['设备操作'],
        certificates: ['健康证'],
        wage: [4000, 5800],
        duties: [
          '看管生产机组，按参数开机、停机',
          '巡查设备运行情况，发现异常及时报告',
          '做好机台清洁和交接班记录',
        ],
      },
      {
        title: '包装工',
        skills: ['包装'],
        certificates: ['健康证'],
        wage: [3300, 4800],
        duties: ['成品称重、装袋、封口和装箱', '核对生产日期和批号喷码', '按要求码放，配合出库'],
      },
      {
        title: '质检员',
        skills: ['食品检验'],
        certificates: ['健康证'],
        wage: [4000, 5500],
        duties: [
          '负责原料验收和成品的理化、微生物检验',
          '填写检验报告，保存留样',
          '监督车间卫生和工艺执行情况',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '面点师',
        skills: ['面点'],
        certificates: ['健康证'],
        wage: [4500, 7000],
        duties: ['制作馒头、花卷、包子等中式面食', '负责和面、发面和成型工序', '研发时令新品，控制出品质量'],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '机械制造',
    nameParts: ['机械制造', '重工机械', '机床', '精密机械', '矿山机械', '汽车配件'],
    kinds: ['机械加工制造企业', '装备制造企业', '机床生产企业'],
    perks: ['技能补贴', '工龄工资', '高温补贴'],
    jobs: [
      {
        title: '电焊工',
        skills: ['氩弧焊', '二保焊'],
        certificates: ['焊工证'],
        wage: [6000, 10000],
        duties: [
          '按图纸完成钢结构件的焊接',
          '熟练使用二保焊、氩弧焊设备，焊缝成型美观',
          '做好焊前准备和焊后清理',
        ],
      },
      {
        title: '车工',
        skills: ['普通车床', '看图纸'],
        wage: [5500, 8500],
        duties: [
          '操作普通车床加工轴类、盘类零件',
          '能独立看懂图纸，自选刀具和切削参数',
          '保证加工精度，做好首件自检',
        ],
      },
      {
        title: '数控操作工',
        skills: ['数控车床', '编程'],
        wage: [5500, 9000],
        duties: [
          '操作数控车床、加工中心完成零件加工',
          '会简单编程和对刀，能调试程序',
          '按工艺卡加工，记录加工数据',
        ],
      },
      {
        title: '装配工',
        skills: ['机械装配', '看图纸'],
        wage: [4500, 7000],
        duties: [
          '按图纸和工艺完成整机及部件装配',
          '紧固、调整和试车，配合检验交付',
          '爱护工装工具，做好现场5S',
        ],
      },
      {
        title: '钳工',
        skills: ['钳工', '模具'],
        wage: [5000, 8000],
        duties: ['负责模具的修配、研磨和调试', '划线、钻孔、攻丝，完成零件修整', '配合生产解决工装问题'],
        shifts: DAY_WORK,
      },
      {
        title: '电工',
        skills: ['电气维修', 'PLC'],
        certificates: ['电工证'],
        wage: [5500, 8500],
        duties: [
          '负责厂区配电和设备电气线路的安装、维修',
          '排查PLC控制系统故障',
          '定期巡检配电设施，保证安全用电',
        ],
        shifts: ROUND_THE_CLOCK,
      },
      {
        title: '普工',
        skills: ['流水线'],
        wage: [3800, 5500],
        duties: ['在车间完成打磨、去毛刺和上下料', '按班组安排配合师傅作业', '零件清洗、转运和码放'],
      },
    ],
  },
  {
    name: '纺织服装',
    nameParts: ['纺织', '服饰', '家纺', '棉纺', '针织'],
    kinds: ['纺织服装生产企业', '棉纺织企业', '服饰加工企业'],
    perks: ['计件奖励', '全勤奖', '免费工作餐'],
    jobs: [
      {
        title: '缝纫工',
        skills: ['平车', '缝纫'],
        wage: [4000, 7000],
        duties: [
          '使用平车、包缝机完成服装缝制',
          '按工序要求缝合，线迹平直',
          '能做整件者优先，计件工资多劳多得',
        ],
      },
      {
        title: '挡车工',
        skills: ['纺纱', '挡车'],
        wage: [4000, 6000],
        duties: ['看管细纱机、络筒机，及时接头', '巡回检查纱线质量，处理断头', '做好机台清洁，按规程交接班'],
        shifts: ROUND_THE_CLOCK,
      },
      {
        title: '包装工',
        skills: ['包装', '折叠'],
        wage: [3300, 4500],
        duties: ['成衣整烫后的折叠、套袋和装箱', '核对款号、尺码和数量', '挂吊牌，配合出货'],
      },
      {
        title: '普工',
        skills: ['流水线'],
        wage: [3500, 5000],
        duties: ['在车间完成剪线头、翻衣和简单辅助工序', '听从组长安排，配合各工序', '无经验可由师傅带教'],
      },
    ],
  },
  {
    name: '商超零售',
    nameParts: ['商贸', '超市连锁', '百货', '便利连锁', '商业管理'],
    kinds: ['连锁商超企业', '商贸零售企业', '百货零售企业'],
    perks: ['员工折扣', '月休4天', '节日福利'],
    jobs: [
      {
        title: '收银员',
        skills: ['收银', '服务'],
        certificates: ['健康证'],
        wage: [3000, 4200],
        duties: ['负责前台收款和扫码结算', '做好交班对账，保证账款相符', '热情接待顾客，处理退换货'],
        shifts: [
          ['白班', 2],
          ['两班倒', 3],
        ],
      },
      {
        title: '理货员',
        skills: ['理货', '陈列'],
        wage: [3000, 4500],
        duties: ['负责商品上架、补货和陈列', '检查商品保质期，及时下架临期商品', '配合门店盘点'],
      },
      {
        title: '营业员',
        skills: ['销售', '服务'],
        wage: [3000, 5000],
        duties: ['在柜台为顾客介绍和推荐商品', '完成门店销售任务，有提成', '维护柜台形象和商品陈列'],
        shifts: [
          ['白班', 2],
          ['两班倒', 3],
        ],
      },
      {
        title: '配送员',
        skills: ['配送', '电动车驾驶'],
        wage: [4500, 7000],
        duties: ['负责线上订单的送货上门', '在规定时间内送达，保证商品完好', '熟悉城区道路，会骑电动车'],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '餐饮住宿',
    nameParts: ['餐饮管理', '酒店管理', '饭店', '餐饮', '宾馆'],
    kinds: ['餐饮连锁企业', '酒店', '特色鲁菜馆'],
    perks: ['免费工作餐', '月休4天', '员工宿舍'],
    jobs: [
      {
        title: '厨师',
        skills: ['鲁菜', '炒菜'],
        certificates: ['健康证'],
        wage: [5000, 9000],
        duties: ['负责热菜的烹制，会做地方菜和家常菜', '控制菜品口味和出品速度', '合理使用原料，减少浪费'],
        shifts: DAY_WORK,
      },
      {
        title: '服务员',
        skills: ['服务', '点餐'],
        certificates: ['健康证'],
        wage: [3000, 4200],
        duties: [
          '负责迎宾、点单、传菜和餐后收台',
          '热情礼貌接待客人，处理客人需求',
          '做好餐前准备和餐厅卫生',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '帮厨',
        skills: ['切配'],
        certificates: ['健康证'],
        wage: [3200, 4500],
        duties: ['负责蔬菜的择洗、切配和打荷', '协助掌勺师傅备料', '做好后厨卫生和餐具消毒'],
        shifts: DAY_WORK,
      },
      {
        title: '保洁',
        skills: ['清洁'],
        wage: [2600, 3500],
        duties: ['负责客房或公共区域的清洁', '更换布草，补充客用品', '按标准做好消毒记录'],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '建筑施工',
    nameParts: ['建设工程', '建筑安装', '路桥工程', '建工', '市政工程'],
    kinds: ['建筑施工企业', '市政路桥施工企业', '房建总承包企业'],
    perks: ['工地食宿', '按月结算', '高温补贴'],
    jobs: [
      {
        title: '钢筋工',
        skills: ['钢筋绑扎', '看图纸'],
        wage: [6000, 10000],
        duties: [
          '按施工图完成钢筋的下料、绑扎和安装',
          '能看懂结构图，熟悉搭接和锚固要求',
          '配合质检完成隐蔽验收',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '瓦工',
        skills: ['砌墙', '抹灰'],
        wage: [6000, 9500],
        duties: ['负责砌体砌筑、抹灰和贴砖', '墙面平整度、垂直度符合规范', '点工或包工均可，按量结算'],
        shifts: DAY_WORK,
      },
      {
        title: '木工',
        skills: ['支模'],
        wage: [6000, 9500],
        duties: ['负责梁、板、柱的模板支设和拆除', '会看图放线，保证模板尺寸和牢固', '爱护材料，做好周转'],
        shifts: DAY_WORK,
      },
      {
        title: '电焊工',
        skills: ['电焊'],
        certificates: ['焊工证'],
        wage: [6500, 10000],
        duties: [
          '负责工地钢结构和钢筋的焊接作业',
          '持证上岗，遵守动火审批制度',
          '保证焊接质量，配合探伤检测',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '安全员',
        skills: ['安全管理'],
        certificates: ['安全员证'],
        wage: [5000, 7000],
        duties: [
          '负责施工现场的安全巡查和隐患排查',
          '组织班前安全教育，填写安全台账',
          '督促落实防疫和文明施工措施',
        ],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '医疗养老',
    nameParts: ['医院', '康养', '健康管理', '医疗', '护理院'],
    kinds: ['民营医疗机构', '医养结合机构', '康养服务机构'],
    perks: ['免费体检', '员工宿舍', '护理津贴'],
    jobs: [
      {
        title: '护工',
        skills: ['生活照料', '陪护'],
        certificates: ['健康证'],
        wage: [3500, 5500],
        duties: [
          '负责住院病人的生活照料和陪护',
          '协助病人翻身、进食和康复活动',
          '观察病人情况，及时告知医护人员',
        ],
      },
      {
        title: '养老护理员',
        skills: ['生活照料', '康复护理'],
        certificates: ['养老护理员证'],
        wage: [3800, 5500],
        duties: [
          '为入住老人提供起居、饮食和个人卫生照料',
          '协助老人做康复训练，陪伴聊天',
          '记录老人身体状况，配合医生查房',
        ],
      },
      {
        title: '护士',
        skills: ['护理', '输液'],
        certificates: ['护士执业证书'],
        wage: [4500, 7000],
        duties: ['负责病区的治疗、输液和健康宣教', '执行医嘱，书写护理记录', '配合医生完成门诊和急诊工作'],
      },
      {
        title: '保洁',
        skills: ['清洁', '消毒'],
        wage: [2600, 3500],
        duties: ['负责病区、走廊和卫生间的清洁消毒', '按规定分类收集医疗废物', '做好消毒登记'],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '物业服务',
    nameParts: ['物业管理', '物业服务', '城市服务', '环境服务', '后勤管理'],
    kinds: ['物业服务企业', '城市综合服务企业', '后勤服务企业'],
    perks: ['包工作服', '节日福利', '年底双薪'],
    jobs: [
      {
        title: '保安',
        skills: ['巡逻', '门岗'],
        certificates: ['保安员证'],
        wage: [2800, 4000],
        duties: ['负责小区或厂区门岗值守和车辆管理', '定时巡逻，做好来访登记', '协助做好防疫测温和应急处置'],
        shifts: ROUND_THE_CLOCK,
      },
      {
        title: '保洁',
        skills: ['清洁'],
        wage: [2500, 3400],
        duties: ['负责楼道、电梯和公共区域的清扫', '垃圾分类收集和清运', '完成主管安排的消杀工作'],
        shifts: DAY_WORK,
      },
      {
        title: '绿化工',
        skills: ['绿化养护'],
        wage: [2800, 3800],
        duties: ['负责园区草坪、苗木的修剪、浇水和施肥', '病虫害防治，补植补种', '保持绿地整洁'],
        shifts: DAY_WORK,
      },
      {
        title: '水电工',
        skills: ['水电维修'],
        certificates: ['电工证'],
        wage: [4500, 6500],
        duties: ['负责小区水电设施的日常维修', '处理业主报修，及时上门', '定期巡检配电室和水泵房'],
        shifts: DAY_WORK,
      },
    ],
  },
  {
    name: '电子商务',
    nameParts: ['电子商务', '网络科技', '数字科技', '信息技术', '文化传媒'],
    kinds: ['互联网企业', '本地网络科技企业', '新媒体企业'],
    perks: ['双休', '绩效奖金', '团建活动'],
    jobs: [
      {
        title: '客服',
        skills: ['电话沟通', '打字'],
        wage: [3500, 5500],
        duties: ['在线解答顾客咨询，处理售后问题', '跟进订单物流，回访顾客', '打字速度每分钟50字以上'],
        shifts: [
          ['白班', 3],
          ['两班倒', 2],
        ],
      },
      {
        title: '电商运营',
        skills: ['店铺运营', '数据分析'],
        wage: [5000, 9000],
        duties: ['负责网店的日常运营、上新和活动策划', '分析店铺数据，优化推广投放', '对接本地农特产品货源'],
        shifts: DAY_WORK,
      },
      {
        title: '主播',
        skills: ['直播带货'],
        wage: [4000, 12000],
        duties: ['在直播间介绍、推荐本地特色商品', '策划直播脚本，与粉丝互动', '底薪加提成，新人有专人培训'],
        shifts: DAY_WORK,
      },
      {
        title: '程序员',
        skills: ['Java', 'MySQL', 'Vue'],
        wage: [7000, 15000],
        duties: [
          '负责公司业务系统的后端开发和维护',
          '参与需求分析和数据库设计',
          '编写接口文档，配合前端联调',
        ],
        shifts: DAY_WORK,
      },
      {
        title: '文员',
        skills: ['Office', '档案管理'],
        wage: [3200, 4500],
        duties: ['负责公司日常行政事务和文件归档', '接待来访，安排会议记录', '熟练使用办公软件制作表格'],
        shifts: DAY_WORK,
      },
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

/**
 * Trade names (字号) are two characters, one from each list; the lists share no character, so no trade name
 * doubles a character: 49 × 58 = 2,842 names before a third character is needed (see generate.ts).
 */
export const TRADE_FIRST = [
  ...'鑫恒华金瑞泰宏永盛兴德润嘉祥汇正宝诚通远安康福昌隆海天凯博聚佳众鼎元欣鸿丰荣富旺同和信义志新洪大东润'.split(
    '',
  ),
].filter((c, k, all) => all.indexOf(c) === k);
export const TRADE_SECOND = [
  ...'源达晨辉图泰力发利成业升阳光明星宇航峰山川林森茂强威尔宁腾飞翔盈悦顺益美友邦联创科锦绣程晟禾谷田园惠鲁运澜冠亿峻岳晖拓翔'.split(
    '',
  ),
].filter((c, k, all) => all.indexOf(c) === k && !TRADE_FIRST.includes(c));
/** Third characters put in front of a trade name once the two-character ones are used up. */
export const TRADE_EXTRA = '新金华东中北南西国亚万百千'.split('');

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'.split(
    '',
  );
export const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志文斌海燕鹏辉宇浩凯婷雪琳晨阳'.split('');

/** Benefits any firm may offer (besides 五险/五险一金, board and lodging, which are flags). */
export const BENEFIT_OTHER = [
  '带薪年假',
  '加班费',
  '全勤奖',
  '节日福利',
  '班车接送',
  '年终奖',
  '餐补',
  '住房补贴',
  '定期体检',
  '生日福利',
  '岗前培训',
  '工龄工资',
];
/** Kept for callers of the old single list; postings now draw by job (Job.shifts, SHIFT_WEIGHTS). */
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
