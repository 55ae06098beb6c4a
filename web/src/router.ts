import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

// Every page is its own chunk: residents never download the host tools or the dashboard's charts.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
  { path: '/rooms/:id(\\d+)', name: 'room', component: () => import('./pages/RoomPage.vue'), props: r => ({ id: Number(r.params.id) }) },
  { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
  { path: '/episodes/:id(\\d+)', name: 'episode', component: () => import('./pages/EpisodePage.vue'), props: r => ({ id: Number(r.params.id) }) },
  { path: '/questions/:id(\\d+)', name: 'question', component: () => import('./questions/QuestionPage.vue'), props: r => ({ id: Number(r.params.id) }) },
  { path: '/signin', name: 'signin', component: () => import('./pages/SignInPage.vue') },
  { path: '/host', name: 'host', component: () => import('./pages/HostPage.vue') },
  { path: '/dashboard', name: 'dashboard', component: () => import('./pages/DashboardPage.vue') },
  { path: '/dashboard/report', name: 'report', component: () => import('./pages/ReportPage.vue') },
  { path: '/:rest(.*)*', name: 'missing', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})
