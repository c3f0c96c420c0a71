export * from './vacancies.ts';
