// Chinese strings of syncing: the sync page (同步) and the status bar's sync part.

export default {
  syncStatus: {
    lastSync: '上次同步', never: '尚未同步', justNow: '刚刚', minutesAgo: '{n} 分钟前', hoursAgo: '{n} 小时前', daysAgo: '{n} 天前',
    syncing: '正在同步…', failed: '同步未成功', failedHint: '上次同步没有成功：{message}',
  },
  sync: {
    nav: '同步', title: '与乡镇服务器同步',
    hubTitle: '乡镇服务器',
    enrollIntro: '向乡镇管理员要服务器地址和登记码，登记后这台电脑会每隔几分钟自动同步一次。',
    hubUrl: '服务器地址', hubUrlHint: '例如 http://192.168.1.10:7700', code: '登记码', codeHint: '例如 ABCD-EFGH-JK23',
    enroll: '登记', enrolled: '已登记：{scope}，{role}', reenroll: '更换服务器', enrollDone: '登记成功，可以同步了',
    hub: '服务器', device: '本机编号',
    nowTitle: '同步', syncNow: '立即同步', syncing: '正在同步…',
    result: '同步完成：上传 {pushed} 条，下载 {pulled} 条', resultDuplicates: '（服务器已有 {n} 条）', firstSync: '首次同步使用了快照',
    refused: '服务器拒收了 {n} 条修改（同一批的其他修改已照常上传，拒收的不会再上传）。如有疑问请联系乡镇管理员',
    quarantined: '{n} 条修改的时间比服务器快 24 小时以上，服务器暂不转发。请把这台电脑的时间校正过来',
    lastSync: '上次同步', pending: '待上传的修改', clock: '电脑时钟', clockUnknown: '还没有和服务器联系过',
    clockSame: '与服务器时钟一致', clockAhead: '本机时钟比服务器快 {amount}，请校正电脑时间', clockBehind: '本机时钟比服务器慢 {amount}，请校正电脑时间',
    seconds: '{n} 秒', minutes: '{n} 分钟', hours: '{n} 小时', days: '{n} 天',
    notEnrolled: '这台电脑还没有登记到乡镇服务器，登记后才能联网同步；没有网络时可以用U盘同步包。',
    lastError: '上次同步没有成功', busy: '正在同步，请稍候',
    bundleTitle: 'U盘同步包',
    bundleIntro: '没有网络时：导出同步包拷到U盘带到乡镇，在服务器上导入；把服务器导出的同步包拿回来导入这台电脑。重复导入不会重复记录。',
    bundleExport: '导出同步包', bundleImport: '导入同步包', bundleName: '{village}-{date}.cunwu',
    importRefused: '{n} 条修改没有导入（没有作者电脑的有效签名，或来自已撤销的电脑），原因如下', exported: '已导出 {changes} 条修改到 {path}', imported: '已导入：新 {applied} 条，已有 {duplicates} 条',
    conflictsTitle: '冲突', conflictsIntro: '两台电脑同时改了同一项时，所有的值都保留，请选定一个。选定后会同步到其他电脑。',
    noConflicts: '没有冲突', conflictOf: '{entity} {record}的“{field}”', shown: '当前显示', keep: '采用这个值',
    resolved: '已采用 {author} 填的值，下次同步时会发到其他电脑', by: '{author} · {time}',
  },
}
