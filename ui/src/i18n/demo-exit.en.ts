// English strings of leaving the demo village.

export default {
  demoExit: {
    action: 'Leave the demo, set up our village',
    statusHint: 'Click to leave the demo village and set up your real village',
    confirmTitle: 'Leave the demo, set up our village',
    confirm: 'The demo data is not deleted: it is kept as the file {file} in the folder {folder}. Cunwu then returns to first start, where you enter your village and your name. Leave the demo village?',
    confirmOk: 'Leave the demo',
    cancel: 'Keep trying the demo',
    done: 'The demo data was kept as {path}. Now set up your village.',
    failedTitle: 'Could not leave the demo village',
  },
}
