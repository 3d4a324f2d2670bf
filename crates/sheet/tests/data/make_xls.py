"""Makes legacy_register.xls, a small Excel 97-2003 (.xls) household register
for the sheet crate's tests: Chinese text, a phone stored as a number, a date
cell, a blank row and a 村民小组 merged over two rows.

    python3 -m venv /tmp/xlsenv && /tmp/xlsenv/bin/pip install xlwt==1.3.0
    /tmp/xlsenv/bin/python make_xls.py
"""
import datetime
import os

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("农户台账")
date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
for col, title in enumerate(["户编号", "户主姓名", "村民小组", "联系电话", "身份证号", "登记日期"]):
    sheet.write(0, col, title)
sheet.write(1, 0, "JF-001")
sheet.write(1, 1, "张国强")
sheet.write_merge(1, 2, 2, 2, 3)
sheet.write(1, 3, 13805571234)
sheet.write(1, 4, "341324196203150310")
sheet.write(1, 5, datetime.date(2024, 3, 5), date)
sheet.write(2, 0, "JF-002")
sheet.write(2, 1, "王秀兰")
sheet.write(2, 3, "13956712345")
# row 4 (index 3) stays blank
sheet.write(4, 0, "JF-003")
sheet.write(4, 1, "刘德明")
sheet.write(4, 2, "第1组")
book.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy_register.xls"))
