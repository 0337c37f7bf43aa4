// The data-use terms an assessment agency accepts before its first download.
export const DATA_USE_TERMS = {
  'zh-CN':
    '本机构承诺：仅将数据用于受托的第三方评估；不尝试识别任何评价人或将数据与其他数据关联以识别个人；不向第三方提供原始数据；发现可能识别个人的情况立即报告考评办并删除相关数据；评估结束后按约定期限删除数据。',
  en: 'Our agency will use the data only for the assessment it was engaged for; will not try to identify any respondent or link the data with other data to do so; will not pass the row-level data on; will report to the organiser and delete any data that might identify a person as soon as it notices; and will delete the data when the agreed period ends.',
};
