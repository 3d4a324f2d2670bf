// Chinese strings of the hub's voucher chain alarms (同步 page and status bar).

export default {
  chainAlarm: {
    title: '凭证链告警',
    intro: '乡镇服务器核对合作社凭证时，发现下面的凭证在记账后被改动、重复或删除。凭证仍照常保存（作为证据），但这部分账目在核对清楚之前不可信。',
    whatToDo: '请联系乡镇管理员核对凭证：把下面列出的凭证（纸质凭证和附件）找出来一起核对；会计也可以在本机运行 cunwu ledger verify 查看详情。联系后点“已联系乡镇核对”，告警仍留在列表里，记下是谁、什么时候确认的。',
    device: '设备', thisLaptop: '本机（{device}）', otherDevice: '其他电脑（{device}）', at: '第 {seq} 张凭证处',
    vouchers: '请核对的凭证', voucher: '第 {seq} 张：{label}', voucherNotHere: '第 {seq} 张（本机没有这张凭证）',
    reported: '乡镇服务器报告于 {time}',
    acknowledge: '已联系乡镇核对', acknowledgedTitle: '已确认的告警', acknowledged: '已确认：{by} · {time}',
    acknowledgeDone: '已记下确认，告警保留在列表中',
    statusMark: '凭证链告警 {n}', statusHint: '乡镇服务器发现合作社凭证在记账后被改动，请到“同步”页查看并联系乡镇管理员核对',
    newInSync: '本次同步发现 {n} 处凭证链断开，请看上方的“凭证链告警”',
  },
}
