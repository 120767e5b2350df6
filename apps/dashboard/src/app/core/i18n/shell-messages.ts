/**
 * The few words the shell (header, navigation, live state) needs. Kept apart from the pages'
 * dictionary so the initial bundle stays small; pages load theirs with their code.
 */
const en = {
  brand: 'workflow-mcp',
  skip: 'Skip to content',
  'nav.main': 'Main',
  'nav.operations': 'Operations',
  'nav.environments': 'Environments',
  'nav.deployments': 'Deployments',
  'nav.notifications': 'Notifications',
  'lang.switch': 'Language',
  'live.live': 'Live',
  'live.connecting': 'Connecting…',
  'live.reconnecting': 'Reconnecting…',
  'live.offline': 'Live updates off',
  'live.liveHint': 'Changes made anywhere appear here within seconds.',
  'live.reconnectingHint': 'The connection to the service was lost; retrying. The page refreshes when it is back.',
} as const;

export type ShellKey = keyof typeof en;

const ko: Record<ShellKey, string> = {
  brand: 'workflow-mcp',
  skip: '본문으로 건너뛰기',
  'nav.main': '주 메뉴',
  'nav.operations': '운영 관리',
  'nav.environments': '환경 관리',
  'nav.deployments': '배포 관리',
  'nav.notifications': '알림',
  'lang.switch': '언어',
  'live.live': '실시간',
  'live.connecting': '연결 중…',
  'live.reconnecting': '재연결 중…',
  'live.offline': '실시간 업데이트 꺼짐',
  'live.liveHint': '어디서 변경하든 몇 초 안에 여기에 표시됩니다.',
  'live.reconnectingHint': '서비스 연결이 끊겨 다시 시도하고 있습니다. 연결되면 화면을 새로 고칩니다.',
};

export const SHELL_MESSAGES = { en, ko };
