/** Words of the API client's messages, the snackbar and signing in with an access token. */
const en = {
  'error.unreachable': 'Cannot reach the service. It may be restarting; the page refreshes when it is back.',
  'error.unknown': 'Something went wrong ({status}).',
  'snackbar.close': 'Close',
  'token.text':
    'Enter an access token: a personal one, or the service’s ACCESS_TOKEN setting. It is kept only for this browser tab session.',
  'token.refused': 'The token was refused. Check it and try again.',
  'token.label': 'Access token',
  'token.submit': 'Continue',
} as const;

const ko: Record<keyof typeof en, string> = {
  'error.unreachable': '서비스에 연결할 수 없습니다. 재시작 중일 수 있으며, 다시 연결되면 화면을 새로 고칩니다.',
  'error.unknown': '문제가 발생했습니다 ({status}).',
  'snackbar.close': '닫기',
  'token.text': '액세스 토큰(개인 토큰 또는 서비스의 ACCESS_TOKEN 설정값)을 입력하세요. 이 브라우저 탭 세션 동안만 보관됩니다.',
  'token.refused': '토큰이 거부되었습니다. 확인 후 다시 입력하세요.',
  'token.label': '액세스 토큰',
  'token.submit': '계속',
};

export const CORE_MESSAGES = { en, ko };
