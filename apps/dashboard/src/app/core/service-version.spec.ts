import { serviceVersion } from './service-version';

function page(head: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body></body></html>`, 'text/html');
}

describe('serviceVersion', () => {
  it('reads the version the service stamped into the page', () => {
    expect(serviceVersion(page('<meta name="application-version" content="1.4.2" />'))).toBe('1.4.2');
  });

  it('is null on a page the service did not serve', () => {
    expect(serviceVersion(page('<title>dev</title>'))).toBeNull();
  });
});
