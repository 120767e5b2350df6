import { TestBed } from '@angular/core/testing';
import { StackedColumns, type Column } from './stacked-columns';

function render(columns: Column[]) {
  TestBed.configureTestingModule({ imports: [StackedColumns] });
  const fixture = TestBed.createComponent(StackedColumns);
  fixture.componentRef.setInput('columns', columns);
  fixture.componentRef.setInput('title', 'Outcomes');
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const column = (label: string, ok: number, failed: number): Column => ({
  label,
  segments: [
    { label: 'Succeeded', value: ok, color: 'green' },
    { label: 'Failed', value: failed, color: 'red' },
  ],
});

describe('stacked columns', () => {
  it('stacks each column from the axis up, heights in proportion to the tallest column, empty parts left out', () => {
    const el = render([column('3/14', 3, 1), column('3/15', 0, 0), column('3/16', 1, 1)]);
    const rects = [...el.querySelectorAll<SVGRectElement>('rect.part')];
    expect(
      rects.map((r) => [r.closest('g')!.getAttribute('data-column'), r.getAttribute('data-part'), r.getAttribute('data-value')]),
    ).toEqual([
      ['3/14', 'Succeeded', '3'],
      ['3/14', 'Failed', '1'],
      ['3/16', 'Succeeded', '1'],
      ['3/16', 'Failed', '1'],
    ]);
    const height = (r: SVGRectElement) => Number(r.getAttribute('height'));
    const y = (r: SVGRectElement) => Number(r.getAttribute('y'));
    const [ok, failed, ok2] = rects as [SVGRectElement, SVGRectElement, SVGRectElement];
    expect(height(ok)).toBeCloseTo(3 * height(ok2));
    // The second part sits on top of the first.
    expect(y(failed) + height(failed)).toBeCloseTo(y(ok));
    expect(el.querySelector('svg')!.getAttribute('aria-label')).toContain('3/14 Succeeded 3, Failed 1');
  });

  it('draws no bars when every count is zero', () => {
    const el = render([column('3/14', 0, 0)]);
    expect(el.querySelectorAll('rect.part')).toHaveLength(0);
  });
});
