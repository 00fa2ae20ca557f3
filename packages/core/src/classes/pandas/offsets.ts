// pandas' date offsets (`Day`, `Hour`, `MonthEnd`, ...): what a DatetimeIndex's or DatetimeArray's
// `freq` holds (`pd.date_range(..., freq="D")`), pickled as a call `Day(n, normalize, ...)`. The
// JSON mapping shows an index's labels, not its freq, so the decoder keeps these calls as
// placeholders where they stand; the auditor knows them as pandas' own data classes.

const OFFSET_CLASSES = [
  ...["Day", "Hour", "Minute", "Second", "Milli", "Micro", "Nano"],
  ...["Week", "WeekOfMonth", "LastWeekOfMonth", "SemiMonthEnd", "SemiMonthBegin"],
  ...["MonthEnd", "MonthBegin", "BusinessMonthEnd", "BusinessMonthBegin", "CustomBusinessMonthEnd", "CustomBusinessMonthBegin"],
  ...["QuarterEnd", "QuarterBegin", "BQuarterEnd", "BQuarterBegin", "YearEnd", "YearBegin", "BYearEnd", "BYearBegin"],
  ...["BusinessDay", "BusinessHour", "CustomBusinessDay", "CustomBusinessHour", "DateOffset", "Easter", "FY5253", "FY5253Quarter"],
];

/** The offset classes by `module.qualname`: pandas 1.1+ pickles name `pandas._libs.tslibs.offsets`, older ones `pandas.tseries.offsets`. */
export const pandasOffsetNames: readonly string[] = ["pandas._libs.tslibs.offsets", "pandas.tseries.offsets"].flatMap((module) =>
  OFFSET_CLASSES.map((name) => `${module}.${name}`),
);
