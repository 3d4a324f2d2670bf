// Chinese strings of backups and restoring one (the 同步 page).

export default {
  backup: {
    title: '备份与恢复',
    intro: '村务每天自动备份一次（打开村务时和同步之后），保留最近 {n} 份。也可以随时立即备份，或备份到U盘。',
    last: '上次备份',
    never: '还没有备份',
    folder: '备份文件夹',
    now: '立即备份',
    toUsb: '备份到U盘…',
    restore: '从备份恢复…',
    done: '已备份到 {path}',
    confirmTitle: '从备份恢复',
    confirm: '将用备份文件 {file} 替换这台电脑上现在的村务数据。现在的数据不会删除：会先另存一份到备份文件夹，需要时可以再用它恢复。恢复后这台电脑改用新的设备编号，下次同步时会从乡镇服务器取回备份之后已同步的修改。确定恢复吗？',
    confirmOk: '恢复',
    cancel: '不恢复',
    restored: '已从 {file} 恢复。恢复前的数据已另存为 {kept}。请同步一次，取回备份之后已同步的修改。',
  },
}
