import { ACCESS_MESSAGES } from '../../access/access.messages';
import { DEPLOYMENTS_MESSAGES } from '../../deployments/deployments.messages';
import { ENVIRONMENTS_MESSAGES } from '../../environments/environments.messages';
import { OPERATIONS_MESSAGES } from '../../operations/operations.messages';
import { COMMON_MESSAGES } from '../../shared/common.messages';
import { VOCABULARY_MESSAGES } from '../../shared/vocabulary.messages';
import { CORE_MESSAGES } from '../core.messages';
import { MESSAGES } from './messages';

const AREAS = {
  CORE_MESSAGES,
  COMMON_MESSAGES,
  VOCABULARY_MESSAGES,
  OPERATIONS_MESSAGES,
  ENVIRONMENTS_MESSAGES,
  DEPLOYMENTS_MESSAGES,
  ACCESS_MESSAGES,
};

describe("the pages' words, kept beside each page area", () => {
  it('no key is defined by two areas (the later one would silently replace the other)', () => {
    const owners = new Map<string, string[]>();
    for (const [area, { en }] of Object.entries(AREAS))
      for (const key of Object.keys(en)) owners.set(key, [...(owners.get(key) ?? []), area]);
    expect([...owners].filter(([, areas]) => areas.length > 1)).toEqual([]);
  });

  it('every word has a Korean and an English text', () => {
    const keys = Object.keys(MESSAGES.en);
    expect(Object.keys(MESSAGES.ko).sort()).toEqual([...keys].sort());
    expect(keys.filter((key) => !MESSAGES.en[key as keyof typeof MESSAGES.en] || !MESSAGES.ko[key as keyof typeof MESSAGES.ko])).toEqual(
      [],
    );
  });

  it("uses the guide's Korean button labels exactly", () => {
    expect(MESSAGES.ko).toMatchObject({
      'incident.new': '새 인시던트 생성',
      'incident.edit': '수정',
      'env.new': '새 환경 추가',
      'env.edit': '편집',
      'dep.new': '새 배포 계획',
      'dep.execute': '실행',
      'dep.rollback': '롤백',
    });
  });
});
