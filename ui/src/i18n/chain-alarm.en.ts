// English strings of the hub's voucher chain alarms (same keys as chain-alarm.zh-CN.ts).

export default {
  chainAlarm: {
    title: 'Voucher chain alarms',
    intro: 'While checking the co-op\'s vouchers, the township hub found vouchers below altered, duplicated or deleted after posting. They are kept as evidence, but these books cannot be trusted until checked.',
    whatToDo: 'Contact the township administrator to check the vouchers: take out the vouchers listed below (paper and attachments); the accountant can run cunwu ledger verify on this laptop for details. Then press "Taken up with the township"; the alarm stays listed with who confirmed it and when.',
    device: 'Device', thisLaptop: 'this laptop ({device})', otherDevice: 'another laptop ({device})', at: 'at voucher {seq}',
    vouchers: 'Vouchers to check', voucher: 'No. {seq}: {label}', voucherNotHere: 'No. {seq} (not on this laptop)',
    reported: 'Reported by the hub at {time}',
    acknowledge: 'Taken up with the township', acknowledgedTitle: 'Acknowledged alarms', acknowledged: 'Acknowledged: {by} · {time}',
    acknowledgeDone: 'Acknowledgement recorded; the alarm stays listed',
    statusMark: 'Voucher alarms {n}', statusHint: 'The township hub found co-op vouchers altered after posting; see the Sync page',
    newInSync: 'This sync found {n} broken voucher chain(s); see Voucher chain alarms above',
  },
}
