// Chinese strings of leaving the demo village (status bar and 同步 page).

export default {
  demoExit: {
    action: '离开示范村，建立本村',
    statusHint: '点击可离开示范村，建立本村',
    confirmTitle: '离开示范村，建立本村',
    confirm: '示范村的数据不会删除：它会改名另存为文件 {file}，放在文件夹 {folder} 里，以后仍可查看。之后村务会回到第一次使用的页面，请填写本村村名和您的姓名，建立真实的村。确定离开示范村吗？',
    confirmOk: '离开示范村',
    cancel: '继续试用示范村',
    done: '示范村的数据已另存为 {path}。请建立本村。',
    failedTitle: '没能离开示范村',
  },
}
