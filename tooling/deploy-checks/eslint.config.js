export { default } from '@omnicart/eslint-config';
