import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { CountedPage, Page } from './cursor';

/** The documented shape of a page of `item`s; extend it to name the page: `class FootprintPageDto extends PageOf(FootprintDto) {}`. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
    nextCursor: string | null;
  }
  return PageOfItems;
}

/** PageOf with `total`, the rows matching the filters over every page (see paginateCounted). */
export function CountedPageOf<T>(item: Type<T>, description: string): Type<CountedPage<T>> {
  class CountedPageOfItems extends PageOf(item) implements CountedPage<T> {
    @ApiProperty({ minimum: 0, description })
    total: number;
  }
  return CountedPageOfItems;
}
