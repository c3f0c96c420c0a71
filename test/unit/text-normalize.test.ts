import { expect } from 'chai';
import { cutWords, indexText, normalizeText, segment, toSimplified } from '../../packages/text/src/index.ts';

describe('text: normalizeText / toSimplified', () => {
  it('converts traditional to simplified (防護服 → 防护服, Hong Kong and Taiwan variants)', () => {
    expect(normalizeText('防護服')).to.equal('防护服');
    expect(normalizeText('棗莊市薛城區')).to.equal('枣庄市薛城区');
    expect(toSimplified('衞生')).to.equal('卫生'); // Hong Kong form
    expect(toSimplified('屋簷')).to.equal('屋檐'); // Taiwan form
    expect(toSimplified('電銲工')).to.equal('电焊工'); // variant OpenCC keeps
  });

  it('maps full-width ASCII to half-width and lowercases Latin (ＡＢＣ１２３ → abc123)', () => {
    expect(normalizeText('ＡＢＣ１２３')).to.equal('abc123');
    expect(normalizeText('Java　開發')).to.equal('java 开发'); // ideographic space too
  });

  it('collapses whitespace and trims', () => {
    expect(normalizeText('  普工 \t\n  操作工  ')).to.equal('普工 操作工');
    expect(normalizeText('   ')).to.equal('');
  });

  it('leaves simplified text as written, even where a traditional reading exists', () => {
    // Run through the converters, 打坏 would become 打坯 (坏 read as the traditional form of 坯).
    for (const s of ['打坏了机器', '什么是普工', '著名企业', '蚌埠市', '垎塔埠街道'])
      expect(normalizeText(s)).to.equal(s);
    expect(toSimplified('plain ascii')).to.equal('plain ascii');
  });

  it('is idempotent', () => {
    for (const s of ['防護服生產', 'ＡＢＣ１２３ 普工', '電銲工（包吃住）']) {
      expect(normalizeText(normalizeText(s))).to.equal(normalizeText(s));
    }
  });
});

describe('text: segment / indexText', () => {
  it('uses search mode: 防护服生产 gives 防护, 防护服 and 生产', () => {
    expect(segment('防护服生产')).to.include.members(['防护', '防护服', '生产']);
    expect(segment('防護服生產')).to.deep.equal(segment('防护服生产'));
  });

  it('keeps occupation titles whole', () => {
    const tokens = segment('招聘普工操作工叉车司机外卖骑手');
    expect(tokens).to.include.members(['普工', '操作工', '叉车司机', '外卖骑手']);
    expect(segment('口罩生产工')).to.include('口罩生产工');
  });

  it('does not break common words around the added titles', () => {
    expect(cutWords('装配工艺')).to.deep.equal(['装配', '工艺']);
    expect(cutWords('建筑工地')).to.deep.equal(['建筑工地']);
    expect(cutWords('汽车工业')).to.deep.equal(['汽车', '工业']);
  });

  it('drops punctuation, whitespace and stopwords', () => {
    const tokens = segment('枣庄市的口罩生产工和缝纫工，等。');
    expect(tokens).to.not.include.members(['的', '和', '等', '，', '。', ' ']);
    expect(tokens).to.include.members(['枣庄市', '口罩生产工', '缝纫工']);
  });

  it('keeps Latin words and numbers, lowercased and split on punctuation', () => {
    const tokens = segment('ＡＢＣ１２３ Java C++ 月薪4000-6000元');
    expect(tokens).to.include.members(['abc123', 'java', 'c++', '4000', '6000']);
    expect(segment('CNC操作员')).to.include.members(['cnc操作员', 'cnc']);
  });

  it('indexText joins the tokens with single spaces', () => {
    expect(indexText('防护服生产')).to.equal(segment('防护服生产').join(' '));
    expect(indexText('防护服生产')).to.not.match(/\s{2}/);
    expect(indexText('')).to.equal('');
  });
});
