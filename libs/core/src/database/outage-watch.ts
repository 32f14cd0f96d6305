import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { outages } from '../health/outages';
import { poolOf } from './pool';

/**
 * Ends a PostgreSQL outage in the log as soon as the pool connects again, whether or not anything
 * polls readiness (the outage starts where a query or the pool first fails: see Outages).
 */
@Injectable()
export class DatabaseOutageWatch implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    poolOf(this.dataSource).on('connect', () => outages.up('postgres'));
  }
}
